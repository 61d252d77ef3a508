package dev.eventidempotency.adapter.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** Partitions paused after a failure, each until its backoff is over; used by the poll thread only. */
final class PartitionRests {

    private final Consumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> restingUntilNanos = new HashMap<>();

    PartitionRests(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** Pauses the partitions for {@code rest}, or longer if they already rest longer. */
    void rest(Collection<TopicPartition> partitions, Duration rest) {
        long until = System.nanoTime() + rest.toNanos();
        consumer.pause(partitions);
        partitions.forEach(partition -> restingUntilNanos.merge(partition, until, Math::max));
    }

    /** Resumes the partitions whose rest is over. */
    void resumeRested() {
        long now = System.nanoTime();
        List<TopicPartition> rested = restingUntilNanos.entrySet().stream()
                .filter(resting -> resting.getValue() - now <= 0)
                .map(Map.Entry::getKey)
                .toList();
        if (!rested.isEmpty()) {
            consumer.resume(rested);
            rested.forEach(restingUntilNanos::remove);
        }
    }

    boolean resting(TopicPartition partition) {
        return restingUntilNanos.containsKey(partition);
    }

    Set<TopicPartition> resting() {
        return restingUntilNanos.keySet();
    }

    void forget(TopicPartition partition) {
        restingUntilNanos.remove(partition);
    }
}
