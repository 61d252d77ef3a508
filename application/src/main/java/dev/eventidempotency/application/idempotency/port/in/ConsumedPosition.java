package dev.eventidempotency.application.idempotency.port.in;

import dev.eventidempotency.domain.idempotency.TopicName;
import java.util.Objects;

/** Where consuming a topic partition goes on: the offset after its last finished record. */
public record ConsumedPosition(TopicName topic, int partition, long nextOffset) {

    public ConsumedPosition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0 || nextOffset < 0) {
            throw new IllegalArgumentException("partition and offset must not be negative, were " + partition + " and "
                    + nextOffset);
        }
    }
}
