package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The real jar, killed with SIGKILL at random moments while it consumes and started again each time:
 * whatever it had committed to the database and not to Kafka comes back and is skipped.
 */
class ConsumerRestartIT extends EndToEndTest {

    private static final String SERVICE = "restarted-service";
    private static final int PARTITIONS = 3;
    private static final GuaranteeSize SIZE = GuaranteeSize.configured();

    @Test
    void aServiceKilledAtRandomMomentsWhileConsumingStillHasEveryEffectOnce() {
        String topic = TestKafka.freshTopic("restarts", PARTITIONS);
        Workload workload = Workload.of(SIZE.events(), SIZE.duplicatePercent(), PARTITIONS, 17);
        ServiceUnderTest service = ServiceUnderTest.of(SERVICE, topic, db).withBatchSize(50);
        Disruptions disruptions = new Disruptions();
        Random random = new Random(17);
        int killedMidStream = 0;

        int slices = SIZE.kills() + 1;
        for (int kill = 0; kill < SIZE.kills(); kill++) {
            workload.publishSlice(TestKafka.bootstrapServers(), topic, kill, slices);
            long before = ledgerRows();
            int distinctSoFar = workload.distinctAmongFirst(workload.endOfSlice(kill, slices));
            // Where in the slice this kill lands: somewhere between its first new effect and its last.
            long killAt = before + 1 + random.nextInt((int) Math.max(1, distinctSoFar - before - 1));
            // Each mode in turn: a unit of work per partition's batch, one per event, one per event in key lanes.
            ConsumingMode mode = ConsumingMode.values()[kill % ConsumingMode.values().length];
            try (ServiceProcess running = mode.applyTo(service).jar()) {
                await().atMost(SIZE.patience()).pollInterval(Duration.ofMillis(5)).until(() -> {
                    running.assertAlive();
                    return ledgerRows() >= killAt;
                });
                running.kill();
                disruptions.killed();
                disruptions.skipped(running.duplicatesSkipped());
            }
            if (ledgerRows() < distinctSoFar) {
                killedMidStream++;
            }
        }
        workload.publishSlice(TestKafka.bootstrapServers(), topic, slices - 1, slices);
        try (ServiceProcess last = service.jar()) {
            await().atMost(SIZE.patience()).until(() -> {
                last.assertAlive();
                return TestKafka.committedOffsets(SERVICE, topic).equals(TestKafka.endOffsets(topic, PARTITIONS));
            });
            assertThat(last.terminate()).as("exit status after a clean stop: " + last.logTail()).isZero();
            disruptions.skipped(last.duplicatesSkipped());
        }

        HistoryChecker.assertExactlyOnce("consumer restart (SIGKILL), " + killedMidStream + " kills mid-stream",
                workload, db, SERVICE, disruptions);
        assertThat(killedMidStream).as("kills that landed while events were still unprocessed").isPositive();
    }

    private static long ledgerRows() {
        return db.count("SELECT count(*) FROM processed_events");
    }
}
