package dev.eventidempotency.application.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void theWaitDoublesFromTheFirstUpToTheLongest() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(2), Duration.ofSeconds(10), 10);

        assertThat(schedule.nextAttemptAfter(1, NOW)).isEqualTo(NOW.plusSeconds(2));
        assertThat(schedule.nextAttemptAfter(2, NOW)).isEqualTo(NOW.plusSeconds(4));
        assertThat(schedule.nextAttemptAfter(3, NOW)).isEqualTo(NOW.plusSeconds(8));
        assertThat(schedule.nextAttemptAfter(4, NOW)).isEqualTo(NOW.plusSeconds(10));
        assertThat(schedule.nextAttemptAfter(1000, NOW)).isEqualTo(NOW.plusSeconds(10));
    }

    @Test
    void givesUpAtTheMaximumNumberOfAttempts() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(2), Duration.ofSeconds(10), 3);

        assertThat(schedule.givesUpAfter(2)).isFalse();
        assertThat(schedule.givesUpAfter(3)).isTrue();
    }

    @Test
    void theDefaultsOutlastAMailServerDownForEightHours() {
        RetrySchedule defaults = RetrySchedule.DEFAULT;
        Instant at = NOW;
        for (int failed = 1; failed < defaults.maxAttempts(); failed++) {
            at = defaults.nextAttemptAfter(failed, at);
        }

        assertThat(Duration.between(NOW, at)).isGreaterThan(Duration.ofHours(8));
    }

    @Test
    void refusesAScheduleThatCannotWork() {
        assertThatThrownBy(() -> new RetrySchedule(Duration.ZERO, Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("first wait must be positive");
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(2), Duration.ofSeconds(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longest wait");
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
