package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;
import java.util.List;

/**
 * Port: the relay's side of an outbox of messages {@code M} with ids {@code I}. {@link #claimDue}
 * leases the rows it returns: once its transaction has committed, no relay claims them again until
 * the lease ends, so the relay can talk to the receiver with no transaction open and no row locked. A
 * relay that dies during a delivery leaves its rows to be claimed again when the lease ends. Each of the
 * other methods ends the lease; they change only a row that is still pending, so a relay whose lease
 * ran out while it waited for the receiver cannot undo what another relay recorded meanwhile.
 */
public interface LeasedOutbox<M, I> {

    /**
     * Claims the oldest messages, at most {@code limit}, that are due at {@code now} and not leased at
     * {@code now}, until {@code leaseUntil}. Rows another transaction is claiming are passed over, not
     * waited for. Empty when none is due.
     */
    List<? extends Pending<M, I>> claimDue(Transaction transaction, Instant now, Instant leaseUntil, int limit);

    /** Marks the messages sent, in one statement. */
    void markSent(Transaction transaction, List<I> ids, Instant sentAt);

    /** Counts a failed attempt and leaves the message pending until {@code nextAttemptAt}. */
    void retryLater(Transaction transaction, I id, Instant nextAttemptAt, String reason);

    /** Counts a failed attempt and sets the message aside for an operator; it is not tried again. */
    void park(Transaction transaction, I id, String reason);
}
