package dev.eventidempotency.bootstrap.guarantees;

import static org.awaitility.Awaitility.await;

import dev.eventidempotency.bootstrap.RunningService;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/**
 * Up to three instances in one group while events flow: instances join, leave cleanly, and are
 * killed (SIGKILL, no goodbye to the group), and each change moves partitions, half-finished
 * batches included, to other instances.
 */
class RebalancingIT extends EndToEndTest {

    private static final String SERVICE = "rebalanced-service";
    private static final int PARTITIONS = 6;
    private static final GuaranteeSize SIZE = GuaranteeSize.configured();

    /**
     * Two instances are threads of this JVM, closed cleanly in turn; the third is the real jar,
     * started and killed in turn. The changes cycle: the jar joins (three members), the jar is killed,
     * the older thread leaves, a new thread joins; a slice of the events is published before each.
     */
    @Test
    void instancesJoiningLeavingAndDyingWhileEventsFlowLeaveEveryEffectOnce() throws Exception {
        String topic = TestKafka.freshTopic("rebalances", PARTITIONS);
        Workload workload = Workload.of(SIZE.events(), SIZE.duplicatePercent(), PARTITIONS, 37);
        ServiceUnderTest service = ServiceUnderTest.of(SERVICE, topic, db).withBatchSize(50);
        Disruptions disruptions = new Disruptions();
        Deque<RunningService> threads = new ArrayDeque<>();
        ServiceProcess jar = null;
        int slices = SIZE.rebalances() + 1;
        try {
            threads.add(service.inProcess());
            threads.add(service.inProcess());
            awaitMembers(topic, 2);
            for (int change = 0; change < SIZE.rebalances(); change++) {
                workload.publishSlice(TestKafka.bootstrapServers(), topic, change, slices);
                switch (change % 4) {
                    case 0 -> {
                        jar = service.jar();
                        awaitMembers(topic, 3);
                    }
                    case 1 -> {
                        jar.kill();
                        disruptions.killed();
                        disruptions.skipped(jar.duplicatesSkipped());
                        jar.close();
                        jar = null;
                        awaitMembers(topic, 2);
                    }
                    case 2 -> {
                        leave(threads.removeFirst(), disruptions);
                        awaitMembers(topic, 1);
                    }
                    default -> {
                        threads.add(service.inProcess());
                        awaitMembers(topic, 2);
                    }
                }
                disruptions.rebalanced();
            }
            workload.publishSlice(TestKafka.bootstrapServers(), topic, slices - 1, slices);
            await().atMost(SIZE.patience()).until(() -> {
                threads.forEach(RunningService::assertAlive);
                return TestKafka.committedOffsets(SERVICE, topic).equals(TestKafka.endOffsets(topic, PARTITIONS));
            });
        } finally {
            if (jar != null) {
                disruptions.skipped(jar.duplicatesSkipped());
                jar.close();
            }
            while (!threads.isEmpty()) {
                leave(threads.removeFirst(), disruptions);
            }
        }

        HistoryChecker.assertExactlyOnce("rebalancing, up to 3 instances", workload, db, SERVICE, disruptions);
    }

    /** A rebalance is over when the group is stable again, with every partition assigned to its members. */
    private static void awaitMembers(String topic, int members) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> TestKafka.isStableWith(SERVICE, topic, PARTITIONS, members));
    }

    /** Closes the instance, then counts its skips: it finishes the records of its last poll while it closes. */
    private static void leave(RunningService instance, Disruptions disruptions) throws InterruptedException {
        instance.close();
        disruptions.skipped(instance.statistics().duplicatesSkipped());
    }
}
