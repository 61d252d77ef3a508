package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.kafka.BatchGathering;
import dev.eventidempotency.bootstrap.RunningService;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches gathered across polls ({@code BATCH_GATHER_EVENTS}, {@code BATCH_GATHER_WAIT}): a trickle of a few
 * records per poll becomes a few large transactions, and records held back when their partition moves (a member
 * joins, a member leaves) are neither lost nor taken twice.
 */
class GatheringIT extends EndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(GatheringIT.class);
    private static final String SERVICE = "gathering-service";
    private static final int PARTITIONS = 3;
    private static final int TRICKLE = 300;
    private static final int RECORDS_PER_SEND = 6;
    private static final int HELD_PER_CHANGE = 12;
    private static final BatchGathering GATHERING = new BatchGathering(50, Duration.ofSeconds(2));

    @Test
    void aTrickleBecomesFewLargeTransactionsAndRecordsHeldWhileTheGroupChangesTakeEffectOnce() throws Exception {
        String topic = TestKafka.freshTopic("gathering", PARTITIONS);
        Workload workload = Workload.of(TRICKLE + 2 * HELD_PER_CHANGE, 10, PARTITIONS, 23);
        ServiceUnderTest service = ServiceUnderTest.of(SERVICE, topic, db);
        // Under the consumer group protocol a member joins and leaves at a heartbeat: a short one keeps the case quick.
        TestKafka.configureGroupSession(service.kafka(), SERVICE, service.timeouts().session(), Duration.ofMillis(500));
        Disruptions disruptions = new Disruptions();
        RunningService first = RunningService.start(service.settings().withGathering(GATHERING), RunningService.sampleHandler());
        RunningService second = null;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> TestKafka.isStableWith(SERVICE, topic, PARTITIONS, 1));
            int sends = TRICKLE / RECORDS_PER_SEND;
            for (int send = 0; send < sends; send++) {
                workload.publish(TestKafka.bootstrapServers(), topic, send * RECORDS_PER_SEND, (send + 1) * RECORDS_PER_SEND);
            }
            awaitAllCommitted(topic);
            long batches = first.statistics().batches();
            LOG.info("Gathering: {} records sent {} at a time became {} batches", TRICKLE, RECORDS_PER_SEND, batches);
            // Without gathering each send is a poll, and each partition in it a batch: well over a hundred here.
            assertThat(batches).as("batches for %d records sent %d at a time", TRICKLE, RECORDS_PER_SEND)
                    .isLessThanOrEqualTo(TRICKLE / GATHERING.events() + 2L * PARTITIONS);

            // A member joins while the first holds records: the partitions it gives up go without them.
            workload.publish(TestKafka.bootstrapServers(), topic, TRICKLE, TRICKLE + HELD_PER_CHANGE);
            RunningService holding = first;
            await().atMost(Duration.ofSeconds(10)).until(() -> holding.statistics().gathered() == HELD_PER_CHANGE);
            assertThat(uncommitted(topic)).as("records held back are not committed").isEqualTo(HELD_PER_CHANGE);
            second = RunningService.start(service.settings().withGathering(GATHERING), RunningService.sampleHandler());
            await().atMost(Duration.ofSeconds(60)).until(() -> TestKafka.isStableWith(SERVICE, topic, PARTITIONS, 2));
            disruptions.rebalanced();
            awaitAllCommitted(topic);

            // The first leaves while it holds records: the second receives them from the last committed offsets.
            workload.publish(TestKafka.bootstrapServers(), topic, TRICKLE + HELD_PER_CHANGE, TRICKLE + 2 * HELD_PER_CHANGE);
            await().atMost(Duration.ofSeconds(10)).until(() -> holding.statistics().gathered() > 0);
            long heldWhenLeaving = holding.statistics().gathered();
            first.close();
            disruptions.rebalanced();
            disruptions.skipped(first.statistics().duplicatesSkipped());
            first = null;
            assertThat(heldWhenLeaving).isPositive();
            awaitAllCommitted(topic);
        } finally {
            if (first != null) {
                first.close();
                disruptions.skipped(first.statistics().duplicatesSkipped());
            }
            if (second != null) {
                second.close();
                disruptions.skipped(second.statistics().duplicatesSkipped());
            }
        }

        HistoryChecker.Figures figures = HistoryChecker.assertExactlyOnce(
                "gathering 50 events or 2 s, a member joining and one leaving mid-gather", workload, db, SERVICE, disruptions);
        assertThat(figures.duplicatesSkipped()).as("a held record is never processed, so nothing is skipped twice")
                .isEqualTo(figures.produced() - figures.distinct());
    }

    private static void awaitAllCommitted(String topic) {
        await().atMost(Duration.ofSeconds(60)).until(() -> uncommitted(topic) == 0);
    }

    private static long uncommitted(String topic) {
        Map<Integer, Long> committed = TestKafka.committedOffsets(SERVICE, topic);
        return TestKafka.endOffsets(topic, PARTITIONS).entrySet().stream()
                .mapToLong(end -> end.getValue() - committed.getOrDefault(end.getKey(), 0L))
                .sum();
    }
}
