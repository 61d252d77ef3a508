package dev.eventidempotency.application.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private final LatencyHistogram histogram = new LatencyHistogram();

    @Test
    void percentilesAreWithinTenPercentOfTheSamples() {
        histogram.record(Duration.ofMillis(2), 90);
        histogram.record(Duration.ofMillis(50), 10);

        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.percentile(0.5).toNanos()).isBetween(2_000_000L, 2_200_000L);
        assertThat(histogram.percentile(0.99).toNanos()).isBetween(50_000_000L, 55_000_000L);
    }

    @Test
    void anEmptyHistogramAnswersZero() {
        assertThat(histogram.percentile(0.99)).isZero();
    }

    @Test
    void durationsBeyondTheLastBucketLandInIt() {
        histogram.record(Duration.ofDays(2), 1);

        assertThat(histogram.percentile(1.0)).isGreaterThan(Duration.ofMinutes(30));
    }
}
