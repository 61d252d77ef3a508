package dev.eventidempotency.application.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.application.ledger.port.out.LogRetention;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The retention arithmetic of docs/operations.md: ledger retention >= retention.ms + segment.ms. */
class ReplayHorizonCheckTest {

    private static final TopicName TOPIC = new TopicName("user-events");
    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void kafkasDefaultsWeekPlusWeekAreCoveredByThirtyDays() {
        ReplayHorizonCheck.Verdict verdict = check(Duration.ofDays(30), Optional.of(WEEK), WEEK);

        assertThat(verdict.safe()).isTrue();
        assertThat(verdict.explanation()).contains("ledger retention 30d", "up to 14d (retention.ms 7d + segment.ms 7d)",
                "A replay cannot reach");
    }

    @Test
    void aLedgerShorterThanRetentionPlusSegmentIsUnsafeEvenWhenLongerThanRetentionAlone() {
        ReplayHorizonCheck.Verdict verdict = check(Duration.ofDays(10), Optional.of(WEEK), WEEK);

        assertThat(verdict.safe()).isFalse();
        assertThat(verdict.explanation()).contains("would be processed again", "LEDGER_RETENTION");
    }

    @Test
    void exactlyTheHorizonIsEnough() {
        assertThat(check(Duration.ofHours(36), Optional.of(Duration.ofDays(1)), Duration.ofHours(12)).safe()).isTrue();
        assertThat(check(Duration.ofHours(35), Optional.of(Duration.ofDays(1)), Duration.ofHours(12)).safe()).isFalse();
    }

    @Test
    void aTopicThatKeepsRecordsForeverIsNeverSafeWithAFiniteLedger() {
        ReplayHorizonCheck.Verdict verdict = check(Duration.ofDays(3650), Optional.empty(), WEEK);

        assertThat(verdict.safe()).isFalse();
        assertThat(verdict.explanation()).contains("forever");
    }

    private static ReplayHorizonCheck.Verdict check(Duration ledger, Optional<Duration> records, Duration segment) {
        LogRetention log = new LogRetention(records, segment, WEEK);
        return new ReplayHorizonCheck(topic -> log).check(ledger, TOPIC);
    }
}
