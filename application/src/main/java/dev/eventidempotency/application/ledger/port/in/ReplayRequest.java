package dev.eventidempotency.application.ledger.port.in;

import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.util.Objects;
import java.util.Optional;

/** Rewind the service's consumer group on the topic, on every partition or on one. */
public record ReplayRequest(ServiceName service, TopicName topic, ReplayStart start, Optional<Integer> partition,
        boolean force) {

    public ReplayRequest {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(partition, "partition");
    }
}
