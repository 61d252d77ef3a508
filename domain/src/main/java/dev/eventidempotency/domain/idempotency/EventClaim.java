package dev.eventidempotency.domain.idempotency;

import java.util.Objects;

/** What a service asks the ledger for: the right to process one event, with this content, once. */
public record EventClaim(EventId eventId, ServiceName service, TopicName topic, PayloadFingerprint fingerprint) {

    public EventClaim {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
