package dev.eventidempotency.bootstrap.config;

import static dev.eventidempotency.bootstrap.config.InvalidSettingException.parse;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import picocli.CommandLine.Option;

/** How to reach PostgreSQL: shared by the service's commands and the ledger commands. */
public final class DatabaseOptions {

    @Option(names = "--db-url", paramLabel = "JDBC_URL", defaultValue = "jdbc:postgresql://localhost:5432/postgres",
            description = "PostgreSQL JDBC URL (TLS via its sslmode parameter). Env: DB_URL. "
                    + "Default: jdbc:postgresql://localhost:5432/postgres.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "postgres",
            description = "Database user. Env: DB_USER. Default: ${DEFAULT-VALUE}.")
    String dbUser;

    // No ${DEFAULT-VALUE} here: the help text would print a password taken from the environment.
    @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "",
            description = "Database password. Env: DB_PASSWORD. Default: empty.")
    String dbPassword;

    @Option(names = "--db-migration-user", paramLabel = "USER",
            description = "Database user that runs the migrations and owns the tables; the service's user is then "
                    + "granted only what it needs (docs/security.md). Env: DB_MIGRATION_USER. Default: the database user.")
    String dbMigrationUser;

    @Option(names = "--db-migration-password", paramLabel = "PASSWORD",
            description = "Password of the migration user. Env: DB_MIGRATION_PASSWORD (or DB_MIGRATION_PASSWORD_FILE). "
                    + "Default: the database password when the migration user is the database user, else empty.")
    String dbMigrationPassword;

    /** The server's settings with the command's own schema, validated. */
    public PostgresSettings postgres(String schema) {
        parse("--db-user", dbUser, PostgresSettings::requireRoleName);
        PostgresSettings runtime = parse("--db-url", dbUrl, url -> new PostgresSettings(
                url, dbUser, dbPassword, PostgresSettings.DEFAULT_SCHEMA, PostgresSettings.DEFAULT_POOL_SIZE));
        PostgresSettings migrated = dbMigrationUser == null || dbMigrationUser.isBlank() ? runtime
                : parse("--db-migration-user", dbMigrationUser, user -> runtime.withMigrationUser(user, migrationPassword()));
        return parse("--db-schema", schema, migrated::withSchema);
    }

    private String migrationPassword() {
        if (dbMigrationPassword != null) {
            return dbMigrationPassword;
        }
        return dbMigrationUser.equals(dbUser) ? dbPassword : "";
    }
}
