package dev.eventidempotency.bootstrap.ledger;

/** The exit codes of the ledger, outbox and replay commands; docs/operations.md lists them per command. */
public final class ExitCodes {

    public static final int OK = 0;
    /** The answer is "no": no such ledger row, or duplicates found. (2, a usage error, is Main's.) */
    public static final int NOT_FOUND = 1;
    /** PostgreSQL does not answer, refuses the login, or the schema holds no ledger. */
    public static final int DATABASE_UNUSABLE = 3;
    /** Refused: the consumer group has live members, or another purge holds the lock. */
    public static final int REFUSED = 4;

    private ExitCodes() {
    }
}
