package dev.eventidempotency.application.idempotency.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.application.idempotency.port.in.FailurePolicy.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailurePolicyTest {

    private static final int MAX_ATTEMPTS = 3;
    private final FailurePolicy policy = new FailurePolicy(MAX_ATTEMPTS);

    @ParameterizedTest(name = "{0}, batch evidence {1}, evidence since {2}, {3} counted before: {4}")
    @CsvSource({
            // The environment's: waited out whatever the evidence, never counted.
            "ENVIRONMENT, false, false, 0, WAIT_FOR_ENVIRONMENT",
            "ENVIRONMENT, true,  true,  2, WAIT_FOR_ENVIRONMENT",
            // No other event went through: perhaps the environment in disguise, so not counted.
            "REJECTED,    false, false, 0, RETRY_UNPROVEN",
            "UNKNOWN,     false, false, 2, RETRY_UNPROVEN",
            // Proven the event's own, by its batch or by other partitions meanwhile.
            "REJECTED,    true,  false, 0, SET_ASIDE_REJECTED",
            "REJECTED,    false, true,  0, SET_ASIDE_REJECTED",
            "UNKNOWN,     true,  false, 0, RETRY_COUNTED",
            "UNKNOWN,     false, true,  1, RETRY_COUNTED",
            "UNKNOWN,     true,  false, 2, SET_ASIDE_FAILED_REPEATEDLY"})
    void decides(FailureKind kind, boolean batchEvidence, boolean evidenceSince, int countedBefore, Verdict expected) {
        EventFailure failure = new EventFailure(new IllegalStateException("failed"), kind, batchEvidence);

        Verdict verdict = policy.judge(failure, evidenceSince, countedBefore);

        assertThat(verdict).isEqualTo(expected);
        assertThat(verdict.countsAnAttempt()).isEqualTo(expected == Verdict.RETRY_COUNTED
                || expected == Verdict.SET_ASIDE_FAILED_REPEATEDLY);
    }

    @ParameterizedTest
    @CsvSource({"0", "-1"})
    void refusesFewerThanOneAttempt(int maxAttempts) {
        assertThatThrownBy(() -> new FailurePolicy(maxAttempts)).hasMessageContaining("at least 1");
    }
}
