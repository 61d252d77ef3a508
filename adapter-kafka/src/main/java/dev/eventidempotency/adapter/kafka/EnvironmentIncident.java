package dev.eventidempotency.adapter.kafka;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failure any event would meet (the database down, read-only or timing out, the broker refusing
 * a dead letter) and how long it lasts: the listener waits it out with every partition paused. One
 * WARN when it begins and one a minute while it lasts, one INFO when it is over; the readiness check
 * is DOWN in between (see {@link ListenerStatistics#waitingForEnvironment()}). Partitions worked on at once
 * share it, so each method holds its lock.
 */
final class EnvironmentIncident {

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentIncident.class);
    private static final Duration REMINDER = Duration.ofMinutes(1);

    private final RetryBackoff backoff;
    private final ListenerStatistics statistics;
    private boolean ongoing;
    private int failuresInARow;
    private long beganAtNanos;
    private long lastWarnedAtNanos;

    EnvironmentIncident(RetryBackoff backoff, ListenerStatistics statistics) {
        this.backoff = backoff;
        this.statistics = statistics;
    }

    /** Counts the failure and returns how long every partition rests before the next try. */
    synchronized Duration failed(Throwable cause) {
        statistics.recordEnvironmentFailure();
        failuresInARow++;
        Duration rest = backoff.delayBefore(failuresInARow);
        long now = System.nanoTime();
        if (!ongoing) {
            ongoing = true;
            statistics.recordWaitingForEnvironment(true);
            beganAtNanos = now;
            lastWarnedAtNanos = now;
            LOG.warn("The environment is failing, so every event would fail: waiting for it with every partition paused; "
                    + "nothing is dead-lettered or counted against an event meanwhile. Cause: {}", RootCause.describe(cause), cause);
        } else if (now - lastWarnedAtNanos >= REMINDER.toNanos()) {
            lastWarnedAtNanos = now;
            LOG.warn("Still waiting for the environment after {} s ({} failed tries). Latest cause: {}",
                    Duration.ofNanos(now - beganAtNanos).toSeconds(), failuresInARow, RootCause.describe(cause));
        }
        return rest;
    }

    /** A unit of work committed: the environment works again. True when that ends an incident. */
    synchronized boolean over() {
        failuresInARow = 0;
        if (!ongoing) {
            return false;
        }
        ongoing = false;
        statistics.recordWaitingForEnvironment(false);
        LOG.info("The environment works again after {} s; processing goes on",
                Duration.ofNanos(System.nanoTime() - beganAtNanos).toSeconds());
        return true;
    }

    /** True from the first failure until something succeeds again. */
    synchronized boolean ongoing() {
        return ongoing;
    }
}
