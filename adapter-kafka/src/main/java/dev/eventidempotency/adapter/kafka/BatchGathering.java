package dev.eventidempotency.adapter.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a partition's polled records may be held back to make a larger batch: until {@code events}
 * of them are gathered, or the oldest has waited {@code longestWait} (ADR 0023). A wait of zero hands every
 * poll's records over at once, as without gathering.
 */
public record BatchGathering(int events, Duration longestWait) {

    public static final int MOST_EVENTS = 10_000;
    /** Longer holds records past any useful batching, and delays every commit as long. */
    public static final Duration LONGEST_WAIT = Duration.ofSeconds(10);
    /** Each poll's records are one batch per partition: no record waits. Declared after the bounds it is checked against. */
    public static final BatchGathering OFF = new BatchGathering(1, Duration.ZERO);

    public BatchGathering {
        Objects.requireNonNull(longestWait, "longestWait");
        if (events < 1 || events > MOST_EVENTS) {
            throw new IllegalArgumentException("gathered events must be from 1 to " + MOST_EVENTS + ", was " + events);
        }
        if (longestWait.isNegative() || longestWait.compareTo(LONGEST_WAIT) > 0) {
            throw new IllegalArgumentException("the gathering wait must be from 0 to " + LONGEST_WAIT.toMillis()
                    + " ms, was " + longestWait.toMillis() + " ms");
        }
    }
}
