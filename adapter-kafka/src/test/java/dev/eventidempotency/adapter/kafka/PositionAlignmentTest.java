package dev.eventidempotency.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.application.idempotency.port.in.ConsumedPosition;
import dev.eventidempotency.application.idempotency.port.in.ConsumedPositionsUseCase;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The comparison with the database's positions on Kafka's {@code MockConsumer}: records held for a
 * partition's next batch are not consumed yet, and a partition at work is compared once its batch is done.
 */
class PositionAlignmentTest {

    private static final TopicPartition P0 = new TopicPartition("events", 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final Map<Integer, Long> recorded = new HashMap<>();
    private final PositionAlignment alignment = new PositionAlignment(consumer, new ConsumedPositionsUseCase() {
        @Override
        public void keep(List<ConsumedPosition> positions) {
            positions.forEach(position -> recorded.put(position.partition(), position.nextOffset()));
        }

        @Override
        public Map<Integer, Long> recorded(TopicName topic) {
            return Map.copyOf(recorded);
        }
    }, new TopicName("events"), new ListenerStatistics());
    private final PartitionGathering held = new PartitionGathering(BatchGathering.OFF, 500);

    @BeforeEach
    void consumerIsPastFiveHeldRecords() {
        consumer.assign(List.of(P0));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.seek(P0, 10);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long offset = 5; offset < 10; offset++) {
            records.add(new ConsumerRecord<>("events", 0, offset, null, new byte[0]));
        }
        held.add(new ConsumerRecords<>(Map.of(P0, records)), 0);
    }

    @Test
    void aDatabaseLevelWithTheFirstHeldRecordIsNotBehind() {
        recorded.put(0, 5L);
        alignment.check(List.of(P0));

        assertThat(alignment.alignPending(Set.of(), held)).isEmpty();
        assertThat(consumer.position(P0)).isEqualTo(10);
        assertThat(alignment.pending()).isEmpty();
    }

    @Test
    void aDatabaseBehindTheFirstHeldRecordWasRestoredAndThePartitionGoesBack() {
        recorded.put(0, 3L);
        alignment.check(List.of(P0));

        assertThat(alignment.alignPending(Set.of(), held)).containsEntry(P0, 3L);
        assertThat(consumer.position(P0)).isEqualTo(3);
    }

    @Test
    void aPartitionAtWorkIsComparedOnceItsBatchIsDone() {
        recorded.put(0, 3L);
        alignment.check(List.of(P0));

        assertThat(alignment.alignPending(Set.of(P0), held)).isEmpty();
        assertThat(alignment.pending()).containsExactly(P0);
        assertThat(consumer.position(P0)).isEqualTo(10);

        recorded.put(0, 5L);
        assertThat(alignment.alignPending(Set.of(), held)).isEmpty();
        assertThat(alignment.pending()).isEmpty();
    }
}
