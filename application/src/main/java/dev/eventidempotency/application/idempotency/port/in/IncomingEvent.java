package dev.eventidempotency.application.idempotency.port.in;

import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Instant;
import java.util.Objects;

/**
 * An event as an inbound adapter hands it over: decoded, validated, and not yet known to be new.
 *
 * @param <P> the business payload, e.g. {@code UserCreated}
 */
public record IncomingEvent<P>(EventId id, TopicName topic, Instant occurredAt, P payload) {

    public IncomingEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
    }
}
