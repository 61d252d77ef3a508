package dev.eventidempotency.bootstrap.ledger;

import dev.eventidempotency.application.ledger.port.in.PurgeLedgerUseCase;
import dev.eventidempotency.application.ledger.port.in.PurgeReport;
import dev.eventidempotency.bootstrap.config.RetentionSettings;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service's retention: a purge every interval on a thread of its own, never the
 * consumer's, so a purge never delays a poll. The first purge runs soon after the start, so a
 * service that is redeployed more often than the interval still purges. It purges only the
 * service's own rows: another service sharing the ledger table keeps its rows for its own retention.
 */
public final class ScheduledLedgerPurge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledLedgerPurge.class);
    private static final Duration LONGEST_FIRST_DELAY = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final ScheduledExecutorService scheduler;
    private final AtomicLong purgedRows = new AtomicLong();
    private final AtomicLong purges = new AtomicLong();

    private ScheduledLedgerPurge(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Ledger rows the scheduled purges of this instance deleted. */
    public long purgedRows() {
        return purgedRows.get();
    }

    /** Scheduled purges this instance ran to the end (not those skipped for the lock). */
    public long purges() {
        return purges.get();
    }

    public static ScheduledLedgerPurge start(PurgeLedgerUseCase purge, ServiceName service, RetentionSettings settings) {
        // A daemon: a purge in flight must never keep the JVM from exiting after the consumer stopped.
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ledger-purge");
            thread.setDaemon(true);
            return thread;
        });
        Duration first = settings.purgeInterval().compareTo(LONGEST_FIRST_DELAY) < 0
                ? settings.purgeInterval() : LONGEST_FIRST_DELAY;
        ScheduledLedgerPurge scheduled = new ScheduledLedgerPurge(scheduler);
        scheduler.scheduleWithFixedDelay(() -> scheduled.purgeOnce(purge, service, settings),
                first.toMillis(), settings.purgeInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Purging the ledger rows of service '{}' older than {} every {}, in batches of {}", service,
                settings.retention(), settings.purgeInterval(), settings.purgeBatchSize());
        return scheduled;
    }

    // Never throws: an exception would cancel every later purge of the schedule.
    private void purgeOnce(PurgeLedgerUseCase purge, ServiceName service, RetentionSettings settings) {
        try {
            PurgeReport report = purge.purge(Optional.of(service), settings.retention(), settings.purgeBatchSize(), false);
            if (report.skipped()) {
                LOG.info("Ledger purge skipped: another instance or a ledger purge command holds the purge lock of "
                        + "service '{}'", service);
            } else {
                purgedRows.addAndGet(report.rows());
                purges.incrementAndGet();
                LOG.info("Ledger purge deleted {} rows of service '{}' processed and {} outbox messages sent before {} "
                        + "in {} batches, {} ms ({} rows/s)", report.rows(), service, report.sentMessages(), report.cutoff(),
                        report.batches(), report.took().toMillis(), report.rowsPerSecond());
            }
        } catch (RuntimeException failure) {
            LOG.warn("Ledger purge failed; the next one runs in {}", settings.purgeInterval(), failure);
        }
    }

    /** Stops the schedule; a purge in flight stops after its current batch. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("The ledger purge did not stop within {}", STOP_TIMEOUT);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
