package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;
import java.util.Optional;

/** Port: how far an outbox is behind, for its metrics: its counts, and when its oldest pending message was recorded. */
public interface OutboxBacklog {

    OutboxCounts counts(Transaction transaction);

    /** When the oldest message still pending was recorded; empty when none is pending. */
    Optional<Instant> oldestPendingSince(Transaction transaction);
}
