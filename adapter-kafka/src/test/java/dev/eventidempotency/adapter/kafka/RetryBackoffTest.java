package dev.eventidempotency.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    @RepeatedTest(20)
    void eachDelayLiesBetweenHalfAndAllOfItsDoubledCeiling() {
        assertThat(backoff.delayBefore(1).toMillis()).isBetween(50L, 100L);
        assertThat(backoff.delayBefore(3).toMillis()).isBetween(200L, 400L);
    }

    @RepeatedTest(20)
    void delaysStopGrowingAtTheMaximum() {
        assertThat(backoff.delayBefore(10).toMillis()).isBetween(1000L, 2000L);
        assertThat(backoff.delayBefore(1_000).toMillis()).isBetween(1000L, 2000L);
    }

    @Test
    void aMaximumBelowTheInitialDelayIsRefused() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("backoff needs 0 < initial <= max, was PT2S and PT1S");
    }
}
