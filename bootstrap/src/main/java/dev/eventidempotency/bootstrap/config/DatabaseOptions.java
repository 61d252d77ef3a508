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

    /** The server's settings with the command's own schema, validated. */
    public PostgresSettings postgres(String schema) {
        PostgresSettings postgres = parse("--db-url", dbUrl, url -> new PostgresSettings(
                url, dbUser, dbPassword, PostgresSettings.DEFAULT_SCHEMA, PostgresSettings.DEFAULT_POOL_SIZE));
        return parse("--db-schema", schema, postgres::withSchema);
    }
}
