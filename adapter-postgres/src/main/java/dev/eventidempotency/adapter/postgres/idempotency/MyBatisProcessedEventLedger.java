package dev.eventidempotency.adapter.postgres.idempotency;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.domain.idempotency.ClaimOutcome;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.Transaction;

/**
 * The ledger as {@code INSERT ... ON CONFLICT DO NOTHING}: the insert is the check.
 *
 * <p>A second transaction that claims the same event while the first is still open waits on the
 * unique index; when the first commits it inserts nothing (ALREADY_PROCESSED), when the first rolls
 * back it inserts the row (CLAIMED). No unique violation is raised, so the transaction stays usable.
 */
public final class MyBatisProcessedEventLedger implements ProcessedEventLedger {

    @Override
    public ClaimOutcome claim(Transaction transaction, EventClaim claim) {
        int inserted = MyBatisTransaction.mapper(transaction, ProcessedEventMapper.class).claim(
                claim.eventId().value(), claim.service().value(), claim.topic().value());
        return inserted == 1 ? ClaimOutcome.CLAIMED : ClaimOutcome.ALREADY_PROCESSED;
    }
}
