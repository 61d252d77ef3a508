package dev.eventidempotency.adapter.postgres.position;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.application.idempotency.port.in.ConsumedPosition;
import dev.eventidempotency.application.idempotency.port.out.ConsumedPositions;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The consumed positions in {@code consumer_positions}, one row per service, topic and partition. */
public final class MyBatisConsumedPositions implements ConsumedPositions {

    @Override
    public void save(Transaction transaction, ServiceName service, List<ConsumedPosition> positions) {
        Map<TopicName, List<ConsumedPosition>> byTopic = new HashMap<>();
        positions.forEach(position -> byTopic.computeIfAbsent(position.topic(), topic -> new ArrayList<>())
                .add(position));
        ConsumedPositionMapper mapper = MyBatisTransaction.mapper(transaction, ConsumedPositionMapper.class);
        byTopic.forEach((topic, ofTopic) -> mapper.save(service.value(), topic.value(),
                ofTopic.stream().map(ConsumedPosition::partition).toArray(Integer[]::new),
                ofTopic.stream().map(ConsumedPosition::nextOffset).toArray(Long[]::new)));
    }

    @Override
    public Map<Integer, Long> load(Transaction transaction, ServiceName service, TopicName topic) {
        Map<Integer, Long> recorded = new HashMap<>();
        MyBatisTransaction.mapper(transaction, ConsumedPositionMapper.class).load(service.value(), topic.value())
                .forEach(row -> recorded.put(row.partition(), row.nextOffset()));
        return recorded;
    }
}
