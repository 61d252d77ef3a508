package dev.eventidempotency.application.observability;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size, lock-free histogram of durations: buckets grow by 10% from 1 µs to about an hour,
 * so a percentile is exact to within 10% and memory stays constant however long the service runs.
 */
public final class LatencyHistogram {

    private static final double GROWTH = 1.1;
    private static final int BUCKETS = 230;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** Counts {@code weight} samples of {@code latency}. */
    public void record(Duration latency, long weight) {
        long micros = Math.max(1, latency.toNanos() / 1_000);
        int bucket = (int) Math.min(BUCKETS - 1, Math.ceil(Math.log(micros) / Math.log(GROWTH)));
        counts.addAndGet(bucket, weight);
    }

    public long count() {
        long total = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            total += counts.get(bucket);
        }
        return total;
    }

    /** The upper bound of the bucket that holds the given fraction (0.5 for the median) of samples. */
    public Duration percentile(double fraction) {
        long total = count();
        if (total == 0) {
            return Duration.ZERO;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += counts.get(bucket);
            if (seen >= Math.max(1, rank)) {
                return Duration.ofNanos((long) (Math.pow(GROWTH, bucket) * 1_000));
            }
        }
        return Duration.ofNanos((long) (Math.pow(GROWTH, BUCKETS - 1) * 1_000));
    }
}
