package dev.eventidempotency.adapter.kafka;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What one partition's batch leaves for the poll thread, the only one that may touch the consumer: the
 * last finished record, the record to seek back to, how long the partition (or, in an environment
 * incident, every partition) rests, and whether an incident ended. Its dead letters were sent already.
 * Written by one worker, then applied by the poll thread once the worker is done.
 */
final class PartitionReport {

    private final TopicPartition partition;
    private final long polledAtNanos;
    private ConsumerRecord<byte[], byte[]> lastFinished;
    private int finishedRecords;
    private long seekTo = -1;
    private Duration rest;
    private Duration restEveryPartition;
    private boolean environmentOver;

    /** {@code polledAtNanos}: when the batch's oldest record was delivered, for the delivery-to-commit latency. */
    PartitionReport(TopicPartition partition, long polledAtNanos) {
        this.partition = partition;
        this.polledAtNanos = polledAtNanos;
    }

    /** Nothing of the batch was done, and the consumer stays where it is (the listener is stopping). */
    static PartitionReport untouched(TopicPartition partition) {
        return new PartitionReport(partition, 0);
    }

    /** The batch's records were not processed: the next poll delivers them again. */
    static PartitionReport handedBack(TopicPartition partition, long firstOffset) {
        PartitionReport report = untouched(partition);
        report.seekTo(firstOffset);
        return report;
    }

    void finished(ConsumerRecord<byte[], byte[]> record, int records) {
        lastFinished = record;
        finishedRecords += records;
    }

    void seekTo(long offset) {
        seekTo = offset;
    }

    void rest(Duration duration) {
        rest = duration;
    }

    void restEveryPartition(Duration duration) {
        restEveryPartition = duration;
    }

    /** A restore is an incident too: its end is the moment to compare positions again. */
    void environmentOver() {
        environmentOver = true;
    }

    /** On the poll thread, in partition order. */
    void apply(Consumer<byte[], byte[]> consumer, OffsetCommits commits, PartitionRests rests, PositionAlignment alignment,
            PartitionGathering gathering) {
        if (environmentOver) {
            alignment.check(consumer.assignment());
        }
        gathering.freed(partition, System.nanoTime());
        if (lastFinished != null) {
            commits.finished(partition, lastFinished, finishedRecords, polledAtNanos);
        }
        if (seekTo >= 0) {
            consumer.seek(partition, seekTo);
            gathering.dropFrom(partition, seekTo);
        }
        if (rest != null) {
            rests.rest(List.of(partition), rest);
        }
        if (restEveryPartition != null) {
            rests.rest(consumer.assignment(), restEveryPartition);
        }
    }
}
