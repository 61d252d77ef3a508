package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;

/** Port: deletes an outbox's delivered messages once they are older than the retention; pending and parked ones stay. */
public interface SentMessageRetention {

    long countSentBefore(Transaction transaction, Instant cutoff);

    /** Deletes at most {@code limit} of the oldest messages sent before {@code cutoff}; returns how many. */
    int deleteSentBefore(Transaction transaction, Instant cutoff, int limit);
}
