package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.MessageId;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: the relay's side of the outbox. {@link #lockNextDue} locks the row it returns until the
 * transaction ends and passes over rows other transactions hold, so relays running side by side
 * never deliver the same row at the same time.
 */
public interface PendingEmails {

    /** The oldest e-mail due for delivery at {@code now} that no other transaction holds. */
    Optional<PendingEmail> lockNextDue(Transaction transaction, Instant now);

    void markSent(Transaction transaction, MessageId id, Instant sentAt);

    /** Counts a failed attempt and leaves the e-mail pending until {@code nextAttemptAt}. */
    void retryLater(Transaction transaction, MessageId id, Instant nextAttemptAt, String reason);

    /** Counts a failed attempt and sets the e-mail aside for an operator; it is not tried again. */
    void park(Transaction transaction, MessageId id, String reason);
}
