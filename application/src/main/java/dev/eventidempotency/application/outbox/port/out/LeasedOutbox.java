package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: the relay's side of an outbox of messages {@code M} with ids {@code I}. {@link #claimNextDue}
 * leases the row it returns: once its transaction has committed, no relay claims that row again until
 * the lease ends, so the relay can talk to the receiver with no transaction open and no row locked. A
 * relay that dies during a delivery leaves its row to be claimed again when the lease ends. Each of the
 * other methods ends the lease; they change only a row that is still pending, so a relay whose lease
 * ran out while it waited for the receiver cannot undo what another relay recorded meanwhile.
 */
public interface LeasedOutbox<M, I> {

    /**
     * Claims the oldest message that is due at {@code now} and not leased at {@code now}, until
     * {@code leaseUntil}. Rows another transaction is claiming are passed over, not waited for.
     */
    Optional<? extends Pending<M, I>> claimNextDue(Transaction transaction, Instant now, Instant leaseUntil);

    void markSent(Transaction transaction, I id, Instant sentAt);

    /** Counts a failed attempt and leaves the message pending until {@code nextAttemptAt}. */
    void retryLater(Transaction transaction, I id, Instant nextAttemptAt, String reason);

    /** Counts a failed attempt and sets the message aside for an operator; it is not tried again. */
    void park(Transaction transaction, I id, String reason);
}
