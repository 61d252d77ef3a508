package dev.eventidempotency.adapter.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Between the poll and the work: holds each partition's polled records back until it has gathered
 * {@link BatchGathering#events()} of them or its oldest has waited {@link BatchGathering#longestWait()}, then
 * hands them all over, in order, as the partition's batch, so a trickle costs one transaction per
 * gathered batch rather than per poll (ADR 0023).
 *
 * <p>A held record has not been processed, so it is never finished and its offset is never committed;
 * the consumer's position is past it. Whatever moves a partition keeps the two consistent: a revoked or
 * lost partition's records are dropped ({@link #forget}), and a seek drops the records at and past its
 * offset ({@link #dropFrom}), which the consumer then delivers again. A partition that rests, or is at work
 * ({@link PartitionsInFlight}), keeps its records until it may go on: a resting partition's records are not
 * polled, and one at work gets a new batch only once its last is done, so records polled meanwhile wait here.
 * A batch is at most {@code mostPerBatch} records, the rest staying held for the next. Held records are at
 * most {@code events} plus one poll per partition, or what {@link HoldingLimit} lets a partition at work gather.
 * Used by the poll thread only.
 */
final class PartitionGathering {

    private final BatchGathering gathering;
    private final int mostPerBatch;
    private final Map<TopicPartition, Held> held = new LinkedHashMap<>();

    PartitionGathering(BatchGathering gathering, int mostPerBatch) {
        this.gathering = gathering;
        this.mostPerBatch = Math.max(mostPerBatch, gathering.events());
    }

    /** The records of each partition's batch, the partitions in the order they were first held, and when each was delivered. */
    record Gathered(Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> batches, Map<TopicPartition, Long> deliveredAt) {

        Collection<TopicPartition> partitions() {
            return batches.keySet();
        }

        List<ConsumerRecord<byte[], byte[]>> records(TopicPartition partition) {
            return batches.get(partition);
        }

        /**
         * When the batch's oldest record was delivered, for the delivery-to-commit latency: polled, and its partition
         * free to take it. A record that waited for its partition's last batch waited in the consumer's fetch buffer
         * before the loop overlapped the batches (ADR 0024), where it was not counted either.
         */
        long deliveredAtNanos(TopicPartition partition) {
            return deliveredAt.get(partition);
        }
    }

    private static final class Held {
        private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        private final long sinceNanos;
        private long deliveredAtNanos;

        Held(long sinceNanos) {
            this.sinceNanos = sinceNanos;
            this.deliveredAtNanos = sinceNanos;
        }
    }

    void add(ConsumerRecords<byte[], byte[]> polled, long polledAtNanos) {
        for (TopicPartition partition : polled.partitions()) {
            held.computeIfAbsent(partition, first -> new Held(polledAtNanos)).records.addAll(polled.records(partition));
        }
    }

    /**
     * Takes every partition that has gathered enough or waited long enough, unless it must wait: each with all it
     * holds, up to {@code mostPerBatch}.
     */
    Gathered takeDue(long nowNanos, Set<TopicPartition> waiting) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> due = new LinkedHashMap<>();
        Map<TopicPartition, Long> deliveredAt = new HashMap<>();
        Iterator<Map.Entry<TopicPartition, Held>> partitions = held.entrySet().iterator();
        while (partitions.hasNext()) {
            Map.Entry<TopicPartition, Held> partition = partitions.next();
            Held gathered = partition.getValue();
            if (!waiting.contains(partition.getKey()) && isDue(gathered, nowNanos)) {
                deliveredAt.put(partition.getKey(), gathered.deliveredAtNanos);
                if (gathered.records.size() > mostPerBatch) {
                    List<ConsumerRecord<byte[], byte[]>> first = gathered.records.subList(0, mostPerBatch);
                    due.put(partition.getKey(), List.copyOf(first));
                    first.clear();
                } else {
                    // Held no more: its list is handed over as it is, not copied on every poll.
                    due.put(partition.getKey(), Collections.unmodifiableList(gathered.records));
                    partitions.remove();
                }
            }
        }
        return new Gathered(due, deliveredAt);
    }

    /**
     * {@code longest}, or less when a record held of a partition that need not wait falls due sooner: the
     * poll must return in time to hand it over.
     */
    Duration pollTimeout(Duration longest, long nowNanos, Set<TopicPartition> waiting) {
        long wait = longest.toNanos();
        for (Map.Entry<TopicPartition, Held> partition : held.entrySet()) {
            if (!waiting.contains(partition.getKey())) {
                long dueIn = partition.getValue().sinceNanos + gathering.longestWait().toNanos() - nowNanos;
                wait = Math.min(wait, Math.max(0, dueIn));
            }
        }
        return Duration.ofNanos(wait);
    }

    /** The partition's batch at work is done: what it holds is delivered now, if it was polled before. */
    void freed(TopicPartition partition, long nowNanos) {
        Held gathered = held.get(partition);
        if (gathered != null) {
            gathered.deliveredAtNanos = Math.max(gathered.deliveredAtNanos, nowNanos);
        }
    }

    /** The consumer was sought to {@code offset}: the records held from there on come again. */
    void dropFrom(TopicPartition partition, long offset) {
        Held gathered = held.get(partition);
        if (gathered == null) {
            return;
        }
        gathered.records.removeIf(record -> record.offset() >= offset);
        if (gathered.records.isEmpty()) {
            held.remove(partition);
        }
    }

    /** The partition went (revoked, lost): its next owner receives the held records again. */
    void forget(TopicPartition partition) {
        held.remove(partition);
    }

    /** Records held now of the partition. */
    int size(TopicPartition partition) {
        Held gathered = held.get(partition);
        return gathered == null ? 0 : gathered.records.size();
    }

    /** The offset of the first record held of the partition: where its consumption really stands. */
    OptionalLong firstOffset(TopicPartition partition) {
        Held gathered = held.get(partition);
        return gathered == null ? OptionalLong.empty() : OptionalLong.of(gathered.records.get(0).offset());
    }

    /** Records held now, of every partition. */
    int size() {
        return held.values().stream().mapToInt(gathered -> gathered.records.size()).sum();
    }

    private boolean isDue(Held gathered, long nowNanos) {
        return gathered.records.size() >= gathering.events()
                || nowNanos - gathered.sinceNanos >= gathering.longestWait().toNanos();
    }
}
