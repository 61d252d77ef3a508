package dev.eventidempotency.adapter.kafka;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Bounds the records a partition at work gathers for its next batch: once it holds {@code limit}, it is
 * paused, so the consumer fetches no more of it; once they are handed over, or dropped, it is resumed,
 * unless it rests ({@link PartitionRests}), whose end resumes it. Used by the poll thread only.
 */
final class HoldingLimit {

    private final Consumer<byte[], byte[]> consumer;
    private final int limit;
    private final Set<TopicPartition> paused = new HashSet<>();

    HoldingLimit(Consumer<byte[], byte[]> consumer, int limit) {
        this.consumer = consumer;
        this.limit = limit;
    }

    /** Pauses the partitions at work that hold a full batch, and resumes those that no longer do. */
    void apply(Set<TopicPartition> atWork, PartitionGathering gathering, PartitionRests rests) {
        Set<TopicPartition> consumerPaused = consumer.paused();
        List<TopicPartition> full = atWork.stream()
                .filter(partition -> gathering.size(partition) >= limit && !consumerPaused.contains(partition))
                .toList();
        List<TopicPartition> free = paused.stream()
                .filter(partition -> !atWork.contains(partition) || gathering.size(partition) < limit)
                .toList();
        try {
            if (!full.isEmpty()) {
                consumer.pause(full);
                paused.addAll(full);
            }
            if (!free.isEmpty()) {
                free.forEach(paused::remove);
                List<TopicPartition> resumable = free.stream().filter(partition -> !rests.resting(partition)).toList();
                if (!resumable.isEmpty()) {
                    consumer.resume(resumable);
                }
            }
        } catch (IllegalStateException goneMeanwhile) {
            // The consumer group protocol's own thread dropped a partition (a fenced member, KAFKA-17947); the
            // callback that follows forgets it, and the next round pauses what still needs it.
        }
    }

    /** The partition went: a new assignment starts it unpaused. */
    void forget(TopicPartition partition) {
        paused.remove(partition);
    }
}
