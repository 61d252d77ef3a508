package dev.eventidempotency.adapter.postgres.idempotency;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.domain.idempotency.ClaimOutcome;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ledger as {@code INSERT ... ON CONFLICT DO NOTHING}: the insert is the check.
 *
 * <p>A second transaction that claims the same event while the first is still open waits on the
 * unique index; when the first commits it inserts nothing (ALREADY_PROCESSED), when the first rolls
 * back it inserts the row (CLAIMED). No unique violation is raised, so the transaction stays usable.
 * A batch is claimed in one round trip: {@code unnest} of the ids, {@code RETURNING} the winners.
 */
public final class MyBatisProcessedEventLedger implements ProcessedEventLedger {

    @Override
    public ClaimOutcome claim(Transaction transaction, EventClaim claim) {
        int inserted = mapper(transaction).claim(claim.eventId().value(), claim.service().value(), claim.topic().value());
        return inserted == 1 ? ClaimOutcome.CLAIMED : ClaimOutcome.ALREADY_PROCESSED;
    }

    @Override
    public Set<EventId> claimAll(Transaction transaction, ServiceName service, TopicName topic, Collection<EventId> eventIds) {
        String[] ids = eventIds.stream().map(EventId::value).toArray(String[]::new);
        return mapper(transaction).claimAll(service.value(), topic.value(), ids).stream()
                .map(EventId::new)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static ProcessedEventMapper mapper(Transaction transaction) {
        return MyBatisTransaction.mapper(transaction, ProcessedEventMapper.class);
    }
}
