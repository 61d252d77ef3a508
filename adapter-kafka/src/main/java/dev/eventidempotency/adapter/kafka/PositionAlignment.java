package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.application.idempotency.port.in.ConsumedPosition;
import dev.eventidempotency.application.idempotency.port.in.ConsumedPositionsUseCase;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts each partition from the lower of the database's consumed position and the consumer's:
 * normal operation and an operator's rewind leave the database level or ahead, so nothing changes;
 * a database restored to an earlier point, or failed over to a replica that lagged, is behind, and
 * the partition goes back to where its effects end (ADR 0015). Checked on assignment and after each
 * environment incident, as a restore is one.
 */
final class PositionAlignment {

    private static final Logger LOG = LoggerFactory.getLogger(PositionAlignment.class);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<byte[], byte[]> consumer;
    private final ConsumedPositionsUseCase positions;
    private final TopicName topic;
    private final ListenerStatistics statistics;
    private final Set<TopicPartition> pending = new HashSet<>();

    PositionAlignment(Consumer<byte[], byte[]> consumer, ConsumedPositionsUseCase positions, TopicName topic,
            ListenerStatistics statistics) {
        this.consumer = consumer;
        this.positions = positions;
        this.topic = topic;
        this.statistics = statistics;
    }

    void check(Collection<TopicPartition> partitions) {
        pending.addAll(partitions);
    }

    void forget(Collection<TopicPartition> partitions) {
        pending.removeAll(partitions);
    }

    Set<TopicPartition> pending() {
        return Set.copyOf(pending);
    }

    /**
     * Seeks each pending partition back to the database's position where that is behind, and
     * returns those partitions with the offset sought to; throws, leaving them pending, when the database does not answer.
     * A partition gets its first row here, so that from then on a missing row means "nothing of it
     * consumed at the database's point in time": a restore to before it was first assigned. A partition at work
     * stays pending until its batch is done; records held for its next batch count as not consumed.
     */
    Map<TopicPartition, Long> alignPending(Set<TopicPartition> atWork, PartitionGathering held) {
        List<TopicPartition> ready = pending.stream().filter(partition -> !atWork.contains(partition)).toList();
        if (ready.isEmpty()) {
            return Map.of();
        }
        Map<Integer, Long> recorded = positions.recorded(topic);
        Map<TopicPartition, Long> soughtBack = new HashMap<>();
        List<ConsumedPosition> firstRows = new ArrayList<>();
        for (TopicPartition partition : ready) {
            long consumed = held.firstOffset(partition).orElseGet(() -> consumer.position(partition, POSITION_TIMEOUT));
            // No rows at all: positions were never kept (the first start with them), nothing to compare.
            long database = recorded.isEmpty() ? consumed : recorded.getOrDefault(partition.partition(), 0L);
            if (database < consumed) {
                LOG.warn("The database's position of {} is {}, {} records behind the consumer's: the database was restored "
                        + "or failed over to an earlier point. Reading those records again; the ledger skips what it "
                        + "still holds, the rest takes effect again", partition, database, consumed - database);
                consumer.seek(partition, database);
                statistics.recordReadAgainForDatabase(consumed - database);
                soughtBack.put(partition, database);
            }
            if (!recorded.containsKey(partition.partition())) {
                firstRows.add(new ConsumedPosition(topic, partition.partition(), Math.min(database, consumed)));
            }
        }
        if (!firstRows.isEmpty()) {
            positions.keep(firstRows);
        }
        ready.forEach(pending::remove);
        return soughtBack;
    }
}
