package dev.eventidempotency.adapter.postgres;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The work of a unit of work returned normally, but PostgreSQL had aborted its transaction: a
 * statement failed, and the work caught the error and carried on. PostgreSQL would answer the
 * {@code COMMIT} with a silent {@code ROLLBACK} (pgjdbc returns from {@code commit()} without an
 * exception), so the event's claim and effects would vanish while it counted as processed. The unit
 * of work rolls back and throws this instead.
 *
 * <p>It is a bug in the work, not a verdict of the database on the event: the swallowed error is
 * attached as suppressed, never as the cause, so that a failure classifier reading SQLSTATEs in the
 * cause chain does not take it for the database refusing the event's data.
 */
public final class AbortedTransactionException extends RuntimeException {

    private AbortedTransactionException(String message) {
        super(message);
    }

    /** The work returned normally from a transaction that the first of its failed statements, if known, aborted. */
    static AbortedTransactionException after(Optional<SQLException> swallowed) {
        AbortedTransactionException aborted = new AbortedTransactionException(swallowedError(swallowed)
                + " aborted the transaction, yet the work returned as if it had succeeded; it was rolled back, not committed"
                + " (PostgreSQL would have turned the COMMIT into a silent ROLLBACK). Let SQL errors propagate");
        swallowed.ifPresent(aborted::addSuppressed);
        return aborted;
    }

    /** The work swallowed an error, went on, and failed on the aborted transaction ({@code echo}, SQLSTATE 25P02). */
    static AbortedTransactionException after(Optional<SQLException> swallowed, RuntimeException echo) {
        AbortedTransactionException aborted = new AbortedTransactionException(swallowedError(swallowed)
                + " aborted the transaction, and the work went on until a later statement was refused (" + echo.getClass()
                .getSimpleName() + ", SQLSTATE 25P02); it was rolled back. Let SQL errors propagate");
        swallowed.ifPresent(aborted::addSuppressed);
        aborted.addSuppressed(echo);
        return aborted;
    }

    private static String swallowedError(Optional<SQLException> swallowed) {
        return "a SQL error was swallowed: " + swallowed.map(AbortedTransactionException::describe)
                .orElse("a statement failed (SQLSTATE unknown)");
    }

    private static String describe(SQLException error) {
        String message = String.valueOf(error.getMessage()).lines().findFirst().orElse("");
        return "SQLSTATE " + error.getSQLState() + " (" + message + ")";
    }
}
