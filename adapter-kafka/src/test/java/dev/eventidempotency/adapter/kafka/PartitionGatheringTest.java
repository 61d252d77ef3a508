package dev.eventidempotency.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The hold between poll and work, on plain records and a clock the test moves. */
class PartitionGatheringTest {

    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);
    private static final long T0 = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private final PartitionGathering gathering = new PartitionGathering(new BatchGathering(5, Duration.ofMillis(100)), 10);

    @Test
    void recordsBelowTheEventsAreHeldUntilTheOldestHasWaited() {
        gathering.add(polled(P0, 0, 3), T0);
        gathering.add(polled(P0, 3, 1), T0 + 60 * MS);

        assertThat(gathering.takeDue(T0 + 99 * MS, Set.of()).partitions()).isEmpty();
        assertThat(gathering.size()).isEqualTo(4);

        PartitionGathering.Gathered due = gathering.takeDue(T0 + 100 * MS, Set.of());
        assertThat(offsets(due.records(P0))).containsExactly(0L, 1L, 2L, 3L);
        assertThat(due.deliveredAtNanos(P0)).isEqualTo(T0);
        assertThat(gathering.size()).isZero();
    }

    @Test
    void aPartitionThatHasGatheredTheEventsGoesAtOnceWithEverythingItHolds() {
        gathering.add(polled(P0, 0, 3), T0);
        gathering.add(polled(P1, 0, 1), T0);
        gathering.add(polled(P0, 3, 3), T0 + MS);

        PartitionGathering.Gathered due = gathering.takeDue(T0 + MS, Set.of());
        assertThat(due.partitions()).containsExactly(P0);
        assertThat(offsets(due.records(P0))).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(gathering.size()).isEqualTo(1);
    }

    @Test
    void aBatchTakesAtMostTheMostPerBatchAndTheRestGoesAsTheNext() {
        PartitionGathering capped = new PartitionGathering(BatchGathering.OFF, 4);
        capped.add(polled(P0, 0, 6), T0);

        assertThat(offsets(capped.takeDue(T0, Set.of()).records(P0))).containsExactly(0L, 1L, 2L, 3L);
        assertThat(capped.size(P0)).isEqualTo(2);
        assertThat(offsets(capped.takeDue(T0, Set.of()).records(P0))).containsExactly(4L, 5L);
        assertThat(capped.size()).isZero();
    }

    @Test
    void withoutAWaitEveryPollIsDueAtOnce() {
        PartitionGathering off = new PartitionGathering(BatchGathering.OFF, 500);
        off.add(polled(P0, 0, 2), T0);
        off.add(polled(P1, 0, 1), T0);

        PartitionGathering.Gathered due = off.takeDue(T0, Set.of());
        assertThat(due.partitions()).containsExactly(P0, P1);
        assertThat(due.deliveredAtNanos(P1)).isEqualTo(T0);
        assertThat(off.size()).isZero();
        assertThat(off.pollTimeout(Duration.ofMillis(500), T0, Set.of())).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void thePollWaitsAtMostUntilTheEarliestHeldRecordIsDue() {
        assertThat(gathering.pollTimeout(Duration.ofMillis(500), T0, Set.of())).isEqualTo(Duration.ofMillis(500));
        gathering.add(polled(P0, 0, 1), T0);
        gathering.add(polled(P1, 0, 1), T0 + 40 * MS);

        assertThat(gathering.pollTimeout(Duration.ofMillis(500), T0 + 30 * MS, Set.of())).isEqualTo(Duration.ofMillis(70));
        assertThat(gathering.pollTimeout(Duration.ofMillis(20), T0 + 30 * MS, Set.of())).isEqualTo(Duration.ofMillis(20));
        assertThat(gathering.pollTimeout(Duration.ofMillis(500), T0 + 150 * MS, Set.of())).isEqualTo(Duration.ZERO);
    }

    @Test
    void aWaitingPartitionKeepsItsRecordsAndDoesNotShortenThePoll() {
        gathering.add(polled(P0, 0, 6), T0);

        assertThat(gathering.takeDue(T0 + 200 * MS, Set.of(P0)).partitions()).isEmpty();
        assertThat(gathering.pollTimeout(Duration.ofMillis(500), T0 + 200 * MS, Set.of(P0))).isEqualTo(Duration.ofMillis(500));

        assertThat(offsets(gathering.takeDue(T0 + 200 * MS, Set.of()).records(P0))).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aSeekDropsTheRecordsHeldFromItsOffsetAndKeepsThoseBefore() {
        gathering.add(polled(P0, 10, 4), T0);
        gathering.add(polled(P1, 0, 2), T0);

        gathering.dropFrom(P0, 12);
        gathering.dropFrom(P1, 0);

        assertThat(gathering.size()).isEqualTo(2);
        PartitionGathering.Gathered due = gathering.takeDue(T0 + 100 * MS, Set.of());
        assertThat(due.partitions()).containsExactly(P0);
        assertThat(offsets(due.records(P0))).containsExactly(10L, 11L);
    }

    @Test
    void aPartitionThatGoesTakesNothingWithItAndLeavesTheOthers() {
        gathering.add(polled(P0, 0, 2), T0);
        gathering.add(polled(P1, 0, 2), T0);

        gathering.forget(P0);

        PartitionGathering.Gathered due = gathering.takeDue(T0 + 100 * MS, Set.of());
        assertThat(due.partitions()).containsExactly(P1);
        assertThat(gathering.pollTimeout(Duration.ofMillis(500), T0, Set.of())).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aPartitionHeldAgainAfterItsBatchWentWaitsFromItsNewFirstRecord() {
        gathering.add(polled(P0, 0, 1), T0);
        gathering.takeDue(T0 + 100 * MS, Set.of());
        gathering.add(polled(P0, 1, 1), T0 + 150 * MS);

        assertThat(gathering.takeDue(T0 + 200 * MS, Set.of()).partitions()).isEmpty();
        PartitionGathering.Gathered due = gathering.takeDue(T0 + 250 * MS, Set.of());
        assertThat(offsets(due.records(P0))).containsExactly(1L);
        assertThat(due.deliveredAtNanos(P0)).isEqualTo(T0 + 150 * MS);
    }

    @Test
    void recordsHeldWhileTheirPartitionWorkedAreDeliveredWhenItIsFree() {
        gathering.add(polled(P0, 0, 5), T0);
        gathering.freed(P0, T0 + 30 * MS);
        gathering.freed(P1, T0 + 30 * MS);

        assertThat(gathering.takeDue(T0 + 30 * MS, Set.of()).deliveredAtNanos(P0)).isEqualTo(T0 + 30 * MS);
        gathering.add(polled(P1, 0, 5), T0 + 40 * MS);
        assertThat(gathering.takeDue(T0 + 40 * MS, Set.of()).deliveredAtNanos(P1)).isEqualTo(T0 + 40 * MS);
    }

    @Test
    void eachPartitionTellsHowManyRecordsItHoldsAndWhereTheyBegin() {
        gathering.add(polled(P0, 7, 3), T0);

        assertThat(gathering.size(P0)).isEqualTo(3);
        assertThat(gathering.firstOffset(P0)).hasValue(7);
        assertThat(gathering.size(P1)).isZero();
        assertThat(gathering.firstOffset(P1)).isEmpty();
        gathering.dropFrom(P0, 7);
        assertThat(gathering.firstOffset(P0)).isEmpty();
    }

    private static ConsumerRecords<byte[], byte[]> polled(TopicPartition partition, long from, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long offset = from; offset < from + count; offset++) {
            records.add(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null, new byte[0]));
        }
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new LinkedHashMap<>();
        byPartition.put(partition, records);
        return new ConsumerRecords<>(byPartition, Map.of());
    }

    private static List<Long> offsets(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(ConsumerRecord::offset).toList();
    }
}
