package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.MessageId;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: the relay's side of the outbox. {@link #claimNextDue} leases the row it returns: once its
 * transaction has committed, no relay claims that row again until the lease ends, so the relay can
 * talk to the mail server with no transaction open and no row locked. A relay that dies during a
 * delivery leaves its row to be claimed again when the lease ends. Each of the other methods ends the
 * lease; they change only a row that is still pending, so a relay whose lease ran out while it waited
 * for the mail server cannot undo what another relay recorded meanwhile.
 */
public interface PendingEmails {

    /**
     * Claims the oldest e-mail that is due at {@code now} and not leased at {@code now}, until
     * {@code leaseUntil}. Rows another transaction is claiming are passed over, not waited for.
     */
    Optional<PendingEmail> claimNextDue(Transaction transaction, Instant now, Instant leaseUntil);

    void markSent(Transaction transaction, MessageId id, Instant sentAt);

    /** Counts a failed attempt and leaves the e-mail pending until {@code nextAttemptAt}. */
    void retryLater(Transaction transaction, MessageId id, Instant nextAttemptAt, String reason);

    /** Counts a failed attempt and sets the e-mail aside for an operator; it is not tried again. */
    void park(Transaction transaction, MessageId id, String reason);
}
