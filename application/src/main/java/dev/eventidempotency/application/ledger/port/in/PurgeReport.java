package dev.eventidempotency.application.ledger.port.in;

import java.time.Duration;
import java.time.Instant;

/**
 * What a purge did: the ledger rows and the messages the outboxes sent that it deleted (in a dry run, those it would
 * delete), in how many batches and how long; {@code skipped} when another purge held the lock and
 * this one did nothing.
 */
public record PurgeReport(Instant cutoff, boolean dryRun, boolean skipped, long rows, long sentMessages, int batches,
        Duration took) {

    public long rowsPerSecond() {
        long millis = Math.max(1, took.toMillis());
        return rows * 1000 / millis;
    }
}
