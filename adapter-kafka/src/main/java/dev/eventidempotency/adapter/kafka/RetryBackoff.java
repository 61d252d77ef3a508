package dev.eventidempotency.adapter.kafka;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a partition rests after a failure it may recover from: doubling from {@code initial}
 * up to {@code max}, each delay shortened by a random part of up to a half so that several
 * instances that failed together do not retry together.
 */
public record RetryBackoff(Duration initial, Duration max) {

    public static final RetryBackoff DEFAULT = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(30));

    public RetryBackoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + " and " + max);
        }
    }

    /** The delay before retry number {@code attempt} (1 for the first retry). */
    public Duration delayBefore(int attempt) {
        long ceiling = initial.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(ceiling, max.toMillis());
        return Duration.ofMillis(capped - ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
