package dev.eventidempotency.application.ledger;

import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.ledger.port.in.PurgeLedgerUseCase;
import dev.eventidempotency.application.ledger.port.in.PurgeReport;
import dev.eventidempotency.application.ledger.port.out.LedgerInspection;
import dev.eventidempotency.application.ledger.port.out.LedgerMaintenance;
import dev.eventidempotency.application.ledger.port.out.PurgeLock;
import dev.eventidempotency.application.outbox.port.out.SentMessageRetention;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Retention in batches: each batch is a transaction of its own that deletes at most {@code batchSize}
 * of the oldest rows, so the row locks it takes are few and brief, and a claim that meets one of them
 * waits for one short batch, not for the whole purge. One purge at a time per service, under the purge
 * lock; a service deletes only its own rows, as another service sharing the table may keep its rows longer.
 * Messages the outboxes have delivered (e-mails, events) follow the ledger rows of their events, with
 * the same retention; the outboxes record no service, so they go whichever service purges.
 */
public final class PurgeOldLedgerRows implements PurgeLedgerUseCase {

    private final UnitOfWork unitOfWork;
    private final LedgerInspection inspection;
    private final LedgerMaintenance maintenance;
    private final List<SentMessageRetention> outboxes;
    private final PurgeLock lock;
    private final Clock clock;

    public PurgeOldLedgerRows(UnitOfWork unitOfWork, LedgerInspection inspection, LedgerMaintenance maintenance,
            List<SentMessageRetention> outboxes, PurgeLock lock, Clock clock) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.inspection = Objects.requireNonNull(inspection, "inspection");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.outboxes = List.copyOf(outboxes);
        this.lock = Objects.requireNonNull(lock, "lock");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public PurgeReport purge(Optional<ServiceName> service, Duration olderThan, int batchSize, boolean dryRun) {
        Objects.requireNonNull(service, "service");
        if (olderThan.isNegative() || olderThan.isZero()) {
            throw new IllegalArgumentException("the retention must be positive, was " + olderThan);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, was " + batchSize);
        }
        long started = System.nanoTime();
        Instant cutoff = clock.instant().minus(olderThan);
        if (dryRun) {
            long rows = unitOfWork.inTransaction(transaction -> inspection.countProcessedBefore(transaction, service, cutoff));
            long sent = 0;
            for (SentMessageRetention outbox : outboxes) {
                sent += unitOfWork.inTransaction(transaction -> outbox.countSentBefore(transaction, cutoff));
            }
            return new PurgeReport(cutoff, true, false, rows, sent, 0, Duration.ofNanos(System.nanoTime() - started));
        }
        Optional<PurgeLock.Held> held = lock.tryAcquire(service);
        if (held.isEmpty()) {
            return new PurgeReport(cutoff, false, true, 0, 0, 0, Duration.ofNanos(System.nanoTime() - started));
        }
        try (PurgeLock.Held ignored = held.get()) {
            BatchedDeletion ledger = deleteInBatches(
                    transaction -> maintenance.deleteOldest(transaction, service, cutoff, batchSize), batchSize);
            long sent = 0;
            int batches = ledger.batches();
            for (SentMessageRetention outbox : outboxes) {
                BatchedDeletion messages = deleteInBatches(
                        transaction -> outbox.deleteSentBefore(transaction, cutoff, batchSize), batchSize);
                sent += messages.rows();
                batches += messages.batches();
            }
            return new PurgeReport(cutoff, false, false, ledger.rows(), sent, batches,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private record BatchedDeletion(long rows, int batches) {
    }

    private BatchedDeletion deleteInBatches(TransactionalWork<Integer> batch, int batchSize) {
        long rows = 0;
        int batches = 0;
        int deleted;
        do {
            deleted = unitOfWork.inTransaction(batch);
            rows += deleted;
            batches++;
        } while (deleted == batchSize && !Thread.currentThread().isInterrupted());
        return new BatchedDeletion(rows, batches);
    }
}
