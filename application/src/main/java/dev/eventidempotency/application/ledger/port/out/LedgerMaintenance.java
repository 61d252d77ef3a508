package dev.eventidempotency.application.ledger.port.out;

import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;
import java.util.Optional;

/** Port: the only ways rows leave the ledger. Each call runs in the caller's transaction. */
public interface LedgerMaintenance {

    /** Deletes the event's row for the service and returns it; empty when there was none. */
    Optional<LedgerEntry> remove(Transaction transaction, EventId eventId, ServiceName service);

    /** Keeps who removed which row and why, in the same transaction as the removal. */
    void recordForgotten(Transaction transaction, LedgerEntry removed, String operator, String reason);

    /**
     * Deletes at most {@code limit} of the oldest rows processed before the cut-off, of one service or,
     * when none is given, of every service; returns how many.
     */
    int deleteOldest(Transaction transaction, Optional<ServiceName> service, Instant cutoff, int limit);
}
