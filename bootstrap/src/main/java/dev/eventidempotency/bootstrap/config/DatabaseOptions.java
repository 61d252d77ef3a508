package dev.eventidempotency.bootstrap.config;

import static dev.eventidempotency.bootstrap.config.InvalidSettingException.parse;

import dev.eventidempotency.adapter.postgres.DatabaseTimeouts;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import java.time.Duration;
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

    @Option(names = "--db-connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "Longest wait to open a connection, in whole seconds. Env: DB_CONNECT_TIMEOUT. "
                    + "Default: ${DEFAULT-VALUE}.")
    String dbConnectTimeout;

    @Option(names = "--db-socket-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Longest wait for any reply on an open connection (a half-open connection ends after it), "
                    + "in whole seconds; longer than the statement timeout. Env: DB_SOCKET_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    String dbSocketTimeout;

    @Option(names = "--db-statement-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "Longest a statement may run before the server cancels it (statement_timeout). "
                    + "Env: DB_STATEMENT_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    String dbStatementTimeout;

    @Option(names = "--db-lock-timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "Longest wait for a lock another session holds (lock_timeout). Env: DB_LOCK_TIMEOUT. "
                    + "Default: ${DEFAULT-VALUE}.")
    String dbLockTimeout;

    @Option(names = "--db-idle-in-transaction-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "The server ends a session of the service that holds a transaction open without sending "
                    + "anything for longer (idle_in_transaction_session_timeout). Env: DB_IDLE_IN_TRANSACTION_TIMEOUT. "
                    + "Default: ${DEFAULT-VALUE}.")
    String dbIdleInTransactionTimeout;

    @Option(names = "--db-pool-timeout", paramLabel = "DURATION", defaultValue = "3s",
            description = "Longest wait for a pooled connection; each partition's retry waits it while the database is "
                    + "away, so keep it short. Env: DB_POOL_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    String dbPoolTimeout;

    /** The server's settings with the command's own schema, validated. */
    public PostgresSettings postgres(String schema) {
        parse("--db-user", dbUser, PostgresSettings::requireRoleName);
        PostgresSettings runtime = parse("--db-url", dbUrl, url -> new PostgresSettings(
                url, dbUser, dbPassword, PostgresSettings.DEFAULT_SCHEMA, PostgresSettings.DEFAULT_POOL_SIZE));
        PostgresSettings migrated = dbMigrationUser == null || dbMigrationUser.isBlank() ? runtime
                : parse("--db-migration-user", dbMigrationUser, user -> runtime.withMigrationUser(user, migrationPassword()));
        return parse("--db-schema", schema, migrated::withSchema).withTimeouts(timeouts());
    }

    /** Each duration is checked on its own first; the rules between them name every timeout setting. */
    private DatabaseTimeouts timeouts() {
        Duration connect = parse("--db-connect-timeout", dbConnectTimeout, DurationText::parse);
        Duration socket = parse("--db-socket-timeout", dbSocketTimeout, DurationText::parse);
        Duration statement = parse("--db-statement-timeout", dbStatementTimeout, DurationText::parse);
        Duration lock = parse("--db-lock-timeout", dbLockTimeout, DurationText::parse);
        Duration idle = parse("--db-idle-in-transaction-timeout", dbIdleInTransactionTimeout, DurationText::parse);
        Duration poolWait = parse("--db-pool-timeout", dbPoolTimeout, DurationText::parse);
        try {
            return new DatabaseTimeouts(connect, socket, statement, lock, idle, poolWait);
        } catch (IllegalArgumentException wrong) {
            throw new InvalidSettingException("DB_CONNECT_TIMEOUT, DB_SOCKET_TIMEOUT, DB_STATEMENT_TIMEOUT, DB_LOCK_TIMEOUT, "
                    + "DB_IDLE_IN_TRANSACTION_TIMEOUT and DB_POOL_TIMEOUT (or their --db-... flags) do not fit: "
                    + wrong.getMessage());
        }
    }

    private String migrationPassword() {
        if (dbMigrationPassword != null) {
            return dbMigrationPassword;
        }
        return dbMigrationUser.equals(dbUser) ? dbPassword : "";
    }
}
