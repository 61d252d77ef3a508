package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;

/** Port: deletes delivered e-mails once they are older than the retention; pending and parked ones stay. */
public interface SentEmailRetention {

    long countSentBefore(Transaction transaction, Instant cutoff);

    /** Deletes at most {@code limit} of the oldest e-mails sent before {@code cutoff}; returns how many. */
    int deleteSentBefore(Transaction transaction, Instant cutoff, int limit);
}
