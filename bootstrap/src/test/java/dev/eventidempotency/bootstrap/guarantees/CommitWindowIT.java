package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.bootstrap.HaltAfterCommit;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The crash the offset order exists for: the database transaction has committed, the Kafka offset
 * has not. The process halts exactly there; the real jar, started again, receives those events
 * again and skips every one.
 */
class CommitWindowIT extends EndToEndTest {

    private static final String SERVICE = "window-service";
    private static final int PARTITIONS = 3;
    private static final GuaranteeSize SIZE = GuaranteeSize.configured();

    @ParameterizedTest
    @EnumSource(ConsumingMode.class)
    void eventsCommittedToTheDatabaseButNotToKafkaAreRedeliveredAndSkipped(ConsumingMode mode) {
        String topic = TestKafka.freshTopic("window", PARTITIONS);
        Workload workload = Workload.of(Math.min(SIZE.events(), 1_000), SIZE.duplicatePercent(), PARTITIONS, 29);
        workload.publishAll(TestKafka.bootstrapServers(), topic);
        ServiceUnderTest service = mode.applyTo(ServiceUnderTest.of(SERVICE, topic, db)).withBatchSize(50);
        Disruptions disruptions = new Disruptions();

        try (ServiceProcess halting = service.testMain(HaltAfterCommit.class, Map.of("HALT_AFTER_UNITS", "3"))) {
            assertThat(halting.awaitExit(Duration.ofSeconds(60))).as(halting.logTail()).isEqualTo(HaltAfterCommit.HALTED);
            disruptions.killed();
        }
        long committedButNotAcknowledged = appliedBeyondCommittedOffsets(workload, topic);
        assertThat(committedButNotAcknowledged).as("records whose effects committed while their offsets did not")
                .isPositive();

        try (ServiceProcess restarted = service.jar()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                restarted.assertAlive();
                return TestKafka.committedOffsets(SERVICE, topic).equals(TestKafka.endOffsets(topic, PARTITIONS));
            });
            assertThat(restarted.terminate()).as("exit status after a clean stop: " + restarted.logTail()).isZero();
            disruptions.skipped(restarted.duplicatesSkipped());
        }

        HistoryChecker.Figures figures = HistoryChecker.assertExactlyOnce(
                "commit window, " + mode.label() + ", " + committedButNotAcknowledged + " records in the window",
                workload, db, SERVICE, disruptions);
        assertThat(figures.duplicatesSkipped()).isGreaterThanOrEqualTo(committedButNotAcknowledged);
    }

    /** Published records at or past their partition's committed offset whose event is in the ledger already. */
    private static long appliedBeyondCommittedOffsets(Workload workload, String topic) {
        Set<String> applied = Set.copyOf(db.query("SELECT event_id FROM processed_events"));
        List<Workload.Produced> uncommitted = new ArrayList<>(workload.published());
        uncommitted.removeAll(workload.publishedBelow(TestKafka.committedOffsets(SERVICE, topic)));
        return uncommitted.stream().filter(record -> applied.contains(record.planned().eventId())).count();
    }
}
