package dev.eventidempotency.adapter.postgres.ledger;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.application.ledger.port.out.DuplicateClaim;
import dev.eventidempotency.application.ledger.port.out.LedgerEntry;
import dev.eventidempotency.application.ledger.port.out.LedgerInspection;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The ledger's lookups on PostgreSQL. */
public final class MyBatisLedgerInspection implements LedgerInspection {

    @Override
    public List<LedgerEntry> entries(Transaction transaction, EventId eventId, Optional<ServiceName> service) {
        return mapper(transaction).entries(eventId.value(), service.map(ServiceName::value).orElse(null));
    }

    @Override
    public List<DuplicateClaim> duplicates(Transaction transaction) {
        return mapper(transaction).duplicates();
    }

    @Override
    public long countProcessedBefore(Transaction transaction, Optional<ServiceName> service, Instant cutoff) {
        OffsetDateTime utc = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        return service.map(only -> mapper(transaction).countProcessedBeforeOf(only.value(), utc))
                .orElseGet(() -> mapper(transaction).countProcessedBefore(utc));
    }

    private static LedgerMapper mapper(Transaction transaction) {
        return MyBatisTransaction.mapper(transaction, LedgerMapper.class);
    }
}
