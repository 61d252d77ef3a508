package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.application.idempotency.port.in.ConsumedPosition;
import dev.eventidempotency.application.idempotency.port.in.ConsumedPositionsUseCase;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offset after each partition's last finished record (committed, skipped or dead-lettered),
 * and its way out: first into the database's consumed positions, then into Kafka's committed
 * offsets. A record is finished only once its unit of work committed, or the broker acknowledged
 * its dead letter; records finish in order, so the offset covers a contiguous prefix.
 */
final class OffsetCommits {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommits.class);
    /** The loop comes round every few milliseconds while batches work: positions that could not be kept wait this long. */
    private static final long KEEP_AGAIN_AFTER_NANOS = Duration.ofMillis(200).toNanos();

    private final Consumer<byte[], byte[]> consumer;
    private final ConsumedPositionsUseCase positions;
    private final TopicName topic;
    private final ListenerStatistics statistics;
    private final Map<TopicPartition, OffsetAndMetadata> finished = new HashMap<>();
    /** Sent by {@link #commit} and not yet acknowledged: the broker may still refuse them. */
    private final Map<TopicPartition, OffsetAndMetadata> inFlight = new HashMap<>();
    private long finishedSinceCommit;
    private long oldestFinishedPolledAtNanos = Long.MAX_VALUE;
    private long keepAgainAtNanos = System.nanoTime();

    OffsetCommits(Consumer<byte[], byte[]> consumer, ConsumedPositionsUseCase positions, TopicName topic,
            ListenerStatistics statistics) {
        this.consumer = consumer;
        this.positions = positions;
        this.topic = topic;
        this.statistics = statistics;
    }

    /**
     * The record and the {@code records} before it, back to the last finished one, are done; the oldest of them
     * was polled at {@code polledAtNanos}.
     */
    void finished(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, int records, long polledAtNanos) {
        finished.put(partition, new OffsetAndMetadata(record.offset() + 1));
        finishedSinceCommit += records;
        oldestFinishedPolledAtNanos = Math.min(oldestFinishedPolledAtNanos, polledAtNanos);
    }

    /**
     * Each time round the poll loop: the positions, then the offsets, asynchronously, so the loop need not wait
     * for the broker; tried again 200 ms on when the positions cannot be written. A failed commit hands its
     * offsets to the next one; {@link #commitBeforeLosing} commits synchronously what may still be in flight.
     */
    void commit() {
        if (finished.isEmpty() || System.nanoTime() - keepAgainAtNanos < 0) {
            return;
        }
        if (!positionsKept(finished)) {
            keepAgainAtNanos = System.nanoTime() + KEEP_AGAIN_AFTER_NANOS;
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(finished);
        long records = finishedSinceCommit;
        long polledAt = oldestFinishedPolledAtNanos;
        inFlight.putAll(offsets);
        clear();
        // The callback runs on the poll thread, inside a later call to the consumer. Under the consumer
        // group protocol a failed commit calls back with no offsets, so the offsets sent are kept here.
        try {
            consumer.commitAsync(offsets, (acknowledged, failure) -> {
                if (failure == null) {
                    inFlight.entrySet().removeIf(sent -> sent.getValue().equals(offsets.get(sent.getKey())));
                    statistics.recordCommitted(records, Duration.ofNanos(System.nanoTime() - polledAt));
                } else {
                    retryWithNextCommit(offsets, records, polledAt, failure);
                }
            });
        } catch (KafkaException notSent) {
            retryWithNextCommit(offsets, records, polledAt, notSent);
        }
    }

    /**
     * The offsets go again with the next commit, unless their partitions went meanwhile (then they are left
     * to the next owner, and the ledger skips what it receives again) or later offsets were sent since.
     */
    private void retryWithNextCommit(Map<TopicPartition, OffsetAndMetadata> offsets, long records, long polledAt,
            Exception failure) {
        LOG.warn("Offsets {} were not committed; the next commit carries them: {}", offsets, RootCause.describe(failure));
        offsets.forEach((partition, offset) -> {
            if (offset.equals(inFlight.get(partition))) {
                inFlight.remove(partition);
                // What finished since is later than what was sent, and goes instead.
                finished.putIfAbsent(partition, offset);
            }
        });
        finishedSinceCommit += records;
        oldestFinishedPolledAtNanos = Math.min(oldestFinishedPolledAtNanos, polledAt);
    }

    /**
     * Commits what finished of the partitions within {@code timeout}, before they go (revoked, or the
     * consumer leaves). A {@code stop()} that wakes the commit up gets it tried once more, as a wakeup
     * cannot arrive twice. What stays uncommitted is forgotten: its next owner receives it again and
     * the ledger skips it.
     */
    void commitBeforeLosing(Collection<TopicPartition> partitions, Duration timeout) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(inFlight);
        offsets.putAll(finished);
        offsets.keySet().retainAll(partitions);
        boolean committed = false;
        if (!offsets.isEmpty() && positionsKept(offsets)) {
            try {
                try {
                    consumer.commitSync(offsets, timeout);
                } catch (WakeupException stopArrivedMeanwhile) {
                    consumer.commitSync(offsets, timeout);
                }
                committed = true;
            } catch (KafkaException notCommitted) {
                LOG.warn("Offsets {} were not committed before the partitions went; their next owner receives those "
                        + "records again and the ledger skips them", offsets, notCommitted);
            }
        }
        partitions.forEach(this::forget);
        if (finished.isEmpty()) {
            if (committed) {
                statistics.recordCommitted(finishedSinceCommit, Duration.ZERO);
            }
            clear();
        }
    }

    /** The partition goes back to an earlier record: what finished after it is finished no more. */
    void forget(TopicPartition partition) {
        finished.remove(partition);
        inFlight.remove(partition);
    }

    /**
     * The database's consumed positions first, then Kafka's offsets: the database is never behind
     * Kafka but after a restore. When it does not answer, the offsets wait with it.
     */
    private boolean positionsKept(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            positions.keep(offsets.entrySet().stream().map(offset -> new ConsumedPosition(topic,
                    offset.getKey().partition(), offset.getValue().offset())).toList());
            return true;
        } catch (RuntimeException unavailable) {
            LOG.warn("The consumed positions {} could not be kept in the database, so their offsets are not committed "
                    + "yet: {}", offsets, RootCause.describe(unavailable));
            return false;
        }
    }

    private void clear() {
        finished.clear();
        finishedSinceCommit = 0;
        oldestFinishedPolledAtNanos = Long.MAX_VALUE;
    }
}
