package dev.eventidempotency.adapter.postgres.ledger;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.application.ledger.port.out.LedgerEntry;
import dev.eventidempotency.application.ledger.port.out.LedgerMaintenance;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Removals from the ledger on PostgreSQL; times are bound as timestamptz, never in a session's time zone. */
public final class MyBatisLedgerMaintenance implements LedgerMaintenance {

    @Override
    public Optional<LedgerEntry> remove(Transaction transaction, EventId eventId, ServiceName service) {
        return Optional.ofNullable(mapper(transaction).remove(eventId.value(), service.value()));
    }

    @Override
    public void recordForgotten(Transaction transaction, LedgerEntry removed, String operator, String reason) {
        mapper(transaction).recordForgotten(removed, utc(removed.processedAt()), operator, reason);
    }

    @Override
    public int deleteOldest(Transaction transaction, Optional<ServiceName> service, Instant cutoff, int limit) {
        return service.map(only -> mapper(transaction).deleteOldestOf(only.value(), utc(cutoff), limit))
                .orElseGet(() -> mapper(transaction).deleteOldest(utc(cutoff), limit));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static LedgerMapper mapper(Transaction transaction) {
        return MyBatisTransaction.mapper(transaction, LedgerMapper.class);
    }
}
