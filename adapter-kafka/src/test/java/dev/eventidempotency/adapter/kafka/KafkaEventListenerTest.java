package dev.eventidempotency.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.ConsumedPosition;
import dev.eventidempotency.application.idempotency.port.in.ConsumedPositionsUseCase;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The poll loop on Kafka's {@code MockConsumer}: the database's positions go first, Kafka's offsets
 * after them, and not at all while the database cannot take the positions. (Redelivery after a seek,
 * which MockConsumer does not do, is tested on the real broker: {@code FailurePolicyIT},
 * {@code DatabaseIncidentsIT}.)
 */
class KafkaEventListenerTest {

    private static final String TOPIC = "events";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final TopicPartition P2 = new TopicPartition(TOPIC, 2);

    private final ScriptedCommitsConsumer consumer = new ScriptedCommitsConsumer();
    private final MockProducer<byte[], byte[]> deadLetters =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final RecordingPositions positions = new RecordingPositions();
    private final List<String> processed = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final AtomicReference<CyclicBarrier> allPartitionsAtWork = new AtomicReference<>();
    private final AtomicBoolean workedAlone = new AtomicBoolean();
    /** A batch with an event starting "slow" waits for this to open, boundedly. */
    private final CountDownLatch slowBatchesGo = new CountDownLatch(1);
    private final CountDownLatch slowBatchAtWork = new CountDownLatch(1);
    private GroupTimeouts timeouts = GroupTimeouts.KAFKA_DEFAULTS;
    private Thread loop;
    private KafkaEventListener<String> listener;

    @AfterEach
    void stop() throws InterruptedException {
        slowBatchesGo.countDown();
        listener.stop();
        loop.join(5_000);
    }

    @Test
    void theDatabasesPositionsAreKeptBeforeKafkasOffsetsAreCommitted() {
        start(List.of(P0));
        publish(P0, "a", "b", "c");

        await().atMost(Duration.ofSeconds(10)).until(() -> committed(P0) == 3);
        assertThat(processed).containsExactly("a", "b", "c");
        assertThat(positions.kept).contains(new ConsumedPosition(new TopicName(TOPIC), 0, 3));
    }

    @Test
    void offsetsWaitWhileTheDatabaseCannotKeepThePositions() {
        positions.recorded.put(0, 0L);
        positions.failing.set(true);
        start(List.of(P0));
        publish(P0, "a");

        await().atMost(Duration.ofSeconds(10)).until(() -> processed.contains("a"));
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> committed(P0) == 0);

        positions.failing.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(P0) == 1);
    }

    @Test
    void thePollLoopCommitsWithoutWaitingForTheBroker() {
        start(List.of(P0));
        publish(P0, "a", "b");

        await().atMost(Duration.ofSeconds(10)).until(() -> committed(P0) == 2);
        assertThat(consumer.syncCommits).isZero();
    }

    @Test
    void aFailedCommitCallingBackWithoutOffsetsLeavesThemToTheNextCommit() {
        // As under the consumer group protocol: the callback of a failed commitAsync gets null offsets.
        consumer.asyncCommitsToFail.set(2);
        start(List.of(P0));
        publish(P0, "a", "b");

        await().atMost(Duration.ofSeconds(10)).until(() -> committed(P0) == 2);
        publish(P0, "c");
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(P0) == 3);
        assertThat(processed).containsExactly("a", "b", "c");
    }

    @Test
    void offsetsStillInFlightAreCommittedSynchronouslyOnStop() throws InterruptedException {
        consumer.holdAsyncCommits.set(true);
        start(List.of(P0));
        publish(P0, "a", "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.heldAsyncCommits.get() > 0);
        assertThat(committed(P0)).isZero();

        listener.stop();
        assertThat(listener.awaitStopped(Duration.ofSeconds(10))).isTrue();
        assertThat(consumer.lastSyncCommit).containsEntry(P0, new OffsetAndMetadata(2));
    }

    @Test
    void thePartitionsOfOnePollWorkAtOnceAndEachOffsetIsCommitted() {
        // Each partition's unit of work waits, boundedly, until all three are at work together.
        allPartitionsAtWork.set(new CyclicBarrier(3));
        start(List.of(P0, P1, P2));
        consumer.schedulePollTask(() -> {
            for (TopicPartition partition : List.of(P0, P1, P2)) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, partition.partition(), 0, null,
                        ("p" + partition.partition()).getBytes(StandardCharsets.UTF_8)));
            }
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> committed(P0) == 1 && committed(P1) == 1 && committed(P2) == 1);
        assertThat(workedAlone).isFalse();
        assertThat(processed).containsExactlyInAnyOrder("p0", "p1", "p2");
    }

    @Test
    void withGatheringAPartitionsRecordsBelowTheEventsWaitUncommittedThenGoAsOneBatch() {
        start(List.of(P0), new BatchGathering(10, Duration.ofMillis(800)));
        publish(P0, "a", "b");
        publish(P0, "c");

        await().atMost(Duration.ofSeconds(10)).until(() -> listener.statistics().gathered() == 3);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> processed.isEmpty() && committed(P0) == 0
                        && positions.kept.stream().allMatch(position -> position.nextOffset() == 0));

        await().atMost(Duration.ofSeconds(10)).until(() -> committed(P0) == 3);
        assertThat(processed).containsExactly("a", "b", "c");
        assertThat(batchSizes).containsExactly(3);
    }

    @Test
    void withGatheringAPartitionThatGatheredTheEventsGoesWithoutWaiting() {
        start(List.of(P0), new BatchGathering(3, Duration.ofSeconds(10)));
        publish(P0, "a", "b");
        publish(P0, "c", "d");

        await().atMost(Duration.ofSeconds(5)).until(() -> committed(P0) == 4);
        assertThat(batchSizes).containsExactly(4);
    }

    @Test
    void aRevokedPartitionsGatheredRecordsAreDroppedUnprocessedAndNothingPastThemIsCommitted() {
        start(List.of(P0, P1), new BatchGathering(10, Duration.ofMillis(500)));
        publish(P0, "a", "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.statistics().gathered() == 2);

        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.statistics().gathered() == 0);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(processed::isEmpty);
        assertThat(committed(P0)).isZero();
        assertThat(positions.kept).noneMatch(position -> position.partition() == 0 && position.nextOffset() > 0);

        publish(P1, "c");
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(P1) == 1);
        assertThat(processed).containsExactly("c");
    }

    @Test
    void whileAPartitionsBatchWorksThePollLoopGoesOnAndItsNextRecordsWaitForIt() throws InterruptedException {
        start(List.of(P0, P1));
        publish(P0, "slow-a");
        assertThat(slowBatchAtWork.await(10, TimeUnit.SECONDS)).isTrue();

        publish(P1, "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(P1) == 1);
        publish(P0, "c", "d");
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.statistics().gathered() == 2);
        assertThat(processed).containsExactly("b");
        assertThat(committed(P0)).isZero();

        slowBatchesGo.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(P0) == 3);
        assertThat(processed).containsExactly("b", "slow-a", "c", "d");
    }

    @Test
    void aPartitionAtWorkThatHoldsAFullBatchIsPausedUntilItsBatchIsHandedOver() throws InterruptedException {
        start(List.of(P0), BatchGathering.OFF, 2);
        publish(P0, "slow-a");
        assertThat(slowBatchAtWork.await(10, TimeUnit.SECONDS)).isTrue();

        publish(P0, "b", "c");
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.paused().contains(P0));
        assertThat(listener.statistics().gathered()).isEqualTo(2);

        slowBatchesGo.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(P0) == 3 && consumer.paused().isEmpty());
        assertThat(processed).containsExactly("slow-a", "b", "c");
    }

    @Test
    void aRevokedPartitionsBatchAtWorkFinishesAndIsCommittedBeforeThePartitionGoes() throws InterruptedException {
        start(List.of(P0, P1));
        publish(P0, "slow-a", "slow-b");
        assertThat(slowBatchAtWork.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean rebalancing = new AtomicBoolean();
        consumer.schedulePollTask(() -> {
            rebalancing.set(true);
            consumer.rebalance(List.of(P1));
        });
        // From here the poll thread is inside the poll, so only the revocation can apply the batch's report.
        await().atMost(Duration.ofSeconds(10)).untilTrue(rebalancing);
        slowBatchesGo.countDown();

        // MockConsumer forgets a revoked partition's commits; the commit made in the revocation is what counts.
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.syncCommits == 1);
        assertThat(consumer.lastSyncCommit).containsEntry(P0, new OffsetAndMetadata(2));
        assertThat(positions.kept).contains(new ConsumedPosition(new TopicName(TOPIC), 0, 2));
    }

    @Test
    void aBatchStuckAtWorkCountsAsAPollLoopThatDoesNotComeRound() throws InterruptedException {
        start(List.of(P0));
        publish(P0, "slow-a");
        assertThat(slowBatchAtWork.await(10, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.statistics().sinceLoopCameRound().toMillis() >= 500);
        slowBatchesGo.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.statistics().sinceLoopCameRound().toMillis() < 500);
    }

    @Test
    void aBatchAtWorkPastTheWorkLimitStopsThePollsSoTheGroupMovesThePartitions() throws InterruptedException {
        timeouts = new GroupTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofMillis(300));
        start(List.of(P0, P1));
        publish(P0, "slow-a");
        assertThat(slowBatchAtWork.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.statistics().sinceLoopCameRound().toMillis() >= 400);

        publish(P1, "b");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !processed.contains("b"));
        slowBatchesGo.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(P1) == 1);
    }

    @Test
    void aStopWhileABatchWorksLetsItFinishAndCommitsIt() throws InterruptedException {
        start(List.of(P0));
        publish(P0, "slow-a");
        assertThat(slowBatchAtWork.await(10, TimeUnit.SECONDS)).isTrue();

        listener.stop();
        assertThat(listener.awaitStopped(Duration.ofMillis(300))).isFalse();
        slowBatchesGo.countDown();
        assertThat(listener.awaitStopped(Duration.ofSeconds(10))).isTrue();
        assertThat(consumer.lastSyncCommit).containsEntry(P0, new OffsetAndMetadata(1));
    }

    private void start(List<TopicPartition> partitions) {
        start(partitions, BatchGathering.OFF);
    }

    private void start(List<TopicPartition> partitions, BatchGathering gathering) {
        start(partitions, gathering, 500);
    }

    private void start(List<TopicPartition> partitions, BatchGathering gathering, int maxPollRecords) {
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L, P2, 0L));
        consumer.schedulePollTask(() -> consumer.rebalance(partitions));
        KafkaListenerSettings settings = new KafkaListenerSettings(KafkaConnection.to("localhost:9092"),
                new TopicName(TOPIC), new ServiceName("service"), maxPollRecords, 3, 1_048_576, Duration.ofMillis(50),
                new RetryBackoff(Duration.ofMillis(20), Duration.ofMillis(100)), timeouts,
                GroupMembership.DEFAULT, 3, gathering);
        listener = new KafkaEventListener<>(settings, KafkaEventListenerTest::event, this::process, positions,
                GroupProtocol.CLASSIC, consumer, deadLetters, OpenTelemetry.noop());
        loop = new Thread(listener, "listener-under-test");
        loop.start();
    }

    private BatchOutcome process(List<IncomingEvent<String>> events) {
        CyclicBarrier barrier = allPartitionsAtWork.get();
        if (barrier != null) {
            try {
                barrier.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException alone) {
                workedAlone.set(true);
            }
        }
        if (events.get(0).payload().startsWith("slow")) {
            slowBatchAtWork.countDown();
            try {
                slowBatchesGo.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        batchSizes.add(events.size());
        events.forEach(event -> processed.add(event.payload()));
        return BatchOutcome.completed(events.size(), 0, List.of());
    }

    private void publish(TopicPartition partition, String... values) {
        consumer.schedulePollTask(() -> {
            long offset = consumer.position(partition);
            for (String value : values) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, partition.partition(), offset++, null,
                        value.getBytes(StandardCharsets.UTF_8)));
            }
        });
    }

    private long committed(TopicPartition partition) {
        return Optional.ofNullable(consumer.committed(Set.of(partition)).get(partition)).map(OffsetAndMetadata::offset)
                .orElse(0L);
    }

    private static IncomingEvent<String> event(ConsumerRecord<byte[], byte[]> record) {
        String value = new String(record.value(), StandardCharsets.UTF_8);
        return new IncomingEvent<>(new EventId(value), new TopicName(TOPIC), Instant.EPOCH, value, PayloadFingerprint.of(value));
    }

    /** Counts synchronous commits, and fails (as the consumer group protocol does) or holds asynchronous ones when told to. */
    private static final class ScriptedCommitsConsumer extends MockConsumer<byte[], byte[]> {
        private final AtomicInteger asyncCommitsToFail = new AtomicInteger();
        private final AtomicBoolean holdAsyncCommits = new AtomicBoolean();
        private final AtomicInteger heldAsyncCommits = new AtomicInteger();
        private volatile int syncCommits;
        private volatile Map<TopicPartition, OffsetAndMetadata> lastSyncCommit = Map.of();

        ScriptedCommitsConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
            if (callback == null) {
                // MockConsumer's commitSync comes this way.
                super.commitAsync(offsets, null);
            } else if (holdAsyncCommits.get()) {
                heldAsyncCommits.incrementAndGet();
            } else if (asyncCommitsToFail.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                callback.onComplete(null, new RetriableCommitFailedException("the coordinator moved"));
            } else {
                super.commitAsync(offsets, callback);
            }
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            syncCommits++;
            lastSyncCommit = Map.copyOf(offsets);
            super.commitSync(offsets);
        }
    }

    private static final class RecordingPositions implements ConsumedPositionsUseCase {
        private final List<ConsumedPosition> kept = new CopyOnWriteArrayList<>();
        private final AtomicBoolean failing = new AtomicBoolean();
        private final Map<Integer, Long> recorded = new ConcurrentHashMap<>();

        @Override
        public void keep(List<ConsumedPosition> positions) {
            if (failing.get()) {
                throw new IllegalStateException("database down");
            }
            kept.addAll(positions);
            positions.forEach(position -> recorded.put(position.partition(), position.nextOffset()));
        }

        @Override
        public Map<Integer, Long> recorded(TopicName topic) {
            return new HashMap<>(recorded);
        }
    }
}
