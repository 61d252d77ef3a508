package dev.eventidempotency.application.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a failed delivery is tried again, and when to give up: the wait doubles from {@code firstWait}
 * up to {@code longestWait}, and the e-mail is parked once {@code maxAttempts} deliveries have failed.
 * With the defaults (2 s doubling to 1 h, 20 attempts) an e-mail outlasts a mail server that is down
 * for more than eight hours before an operator has to look at it.
 */
public record RetrySchedule(Duration firstWait, Duration longestWait, int maxAttempts) {

    public static final RetrySchedule DEFAULT = new RetrySchedule(Duration.ofSeconds(2), Duration.ofHours(1), 20);

    public RetrySchedule {
        Objects.requireNonNull(firstWait, "firstWait");
        Objects.requireNonNull(longestWait, "longestWait");
        if (firstWait.isNegative() || firstWait.isZero()) {
            throw new IllegalArgumentException("the first wait must be positive, was " + firstWait);
        }
        if (longestWait.compareTo(firstWait) < 0) {
            throw new IllegalArgumentException("the longest wait must be at least the first, was " + longestWait);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("the maximum number of attempts must be at least 1, was " + maxAttempts);
        }
    }

    public boolean givesUpAfter(int failedAttempts) {
        return failedAttempts >= maxAttempts;
    }

    /** When to try again after the {@code failedAttempts}-th failure, which happened at {@code now}. */
    public Instant nextAttemptAfter(int failedAttempts, Instant now) {
        Duration wait = firstWait;
        for (int attempt = 1; attempt < failedAttempts && wait.compareTo(longestWait) < 0; attempt++) {
            wait = wait.multipliedBy(2);
        }
        return now.plus(wait.compareTo(longestWait) > 0 ? longestWait : wait);
    }
}
