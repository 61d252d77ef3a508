package dev.eventidempotency.domain.idempotency;

import java.util.Objects;

/** What a service asks the ledger for: the right to process one event, once. */
public record EventClaim(EventId eventId, ServiceName service, TopicName topic) {

    public EventClaim {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(topic, "topic");
    }
}
