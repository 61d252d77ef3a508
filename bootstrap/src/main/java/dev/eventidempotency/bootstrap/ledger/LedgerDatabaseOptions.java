package dev.eventidempotency.bootstrap.ledger;

import dev.eventidempotency.adapter.postgres.DatabaseUnreachableException;
import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.bootstrap.CommandFailedException;
import dev.eventidempotency.bootstrap.config.DatabaseOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The database of the ledger commands: the service's own, found by the same settings as {@code run}'s. */
public final class LedgerDatabaseOptions {

    @Mixin
    DatabaseOptions database;

    @Option(names = "--db-schema", paramLabel = "SCHEMA", defaultValue = PostgresSettings.DEFAULT_SCHEMA,
            description = "Schema that holds the service's ledger. Env: DB_SCHEMA. Default: ${DEFAULT-VALUE}.")
    String dbSchema;

    PostgresSettings postgres() {
        return database.postgres(dbSchema);
    }

    /**
     * The service's database, migrated to this version's schema (the audit table included). Never
     * creates a ledger: a schema without one is reported, as is a server that does not answer.
     */
    public PostgresDatabase open() {
        PostgresSettings postgres = postgres();
        try {
            return PostgresDatabase.openExisting(postgres);
        } catch (DatabaseUnreachableException unreachable) {
            throw new CommandFailedException(unreachable.getMessage()
                    + "\nCheck that PostgreSQL runs, and DB_URL (--db-url), DB_USER (--db-user) and DB_PASSWORD (--db-password).",
                    ExitCodes.DATABASE_UNUSABLE, unreachable);
        } catch (IllegalStateException noLedger) {
            throw new CommandFailedException(noLedger.getMessage(), ExitCodes.DATABASE_UNUSABLE, noLedger);
        }
    }
}
