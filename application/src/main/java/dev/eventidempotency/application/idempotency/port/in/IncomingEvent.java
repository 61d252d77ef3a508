package dev.eventidempotency.application.idempotency.port.in;

import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Instant;
import java.util.Objects;

/**
 * An event as an inbound adapter hands it over: decoded, validated, and not yet known to be new.
 * The fingerprint is computed by the adapter from the event's canonical content (its type and
 * payload), so a redelivery matches and a reused id does not.
 *
 * @param <P> the business payload: the record of one event type, as its {@code PayloadReader} made it
 */
public record IncomingEvent<P>(EventId id, TopicName topic, Instant occurredAt, P payload, PayloadFingerprint fingerprint) {

    public IncomingEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    public EventClaim claimFor(ServiceName service) {
        return new EventClaim(id, service, topic, fingerprint);
    }
}
