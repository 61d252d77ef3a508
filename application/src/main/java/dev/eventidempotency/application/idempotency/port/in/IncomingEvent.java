package dev.eventidempotency.application.idempotency.port.in;

import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An event as an inbound adapter hands it over: decoded, validated, and not yet known to be new.
 * The fingerprint is computed by the adapter from the event's canonical content (its type and
 * payload), so a redelivery matches and a reused id does not.
 *
 * <p>The ordering key says which events of a partition must keep their order among themselves (in Kafka,
 * the record key): events of one key never overtake each other; an event without one is ordered after
 * every event before it and before every event after it.
 *
 * @param <P> the business payload: the record of one event type, as its {@code PayloadReader} made it
 */
public record IncomingEvent<P>(EventId id, TopicName topic, Instant occurredAt, P payload, PayloadFingerprint fingerprint,
        Optional<String> orderingKey) {

    public IncomingEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(orderingKey, "orderingKey");
    }

    /** Without an ordering key: ordered after every event before it. */
    public IncomingEvent(EventId id, TopicName topic, Instant occurredAt, P payload, PayloadFingerprint fingerprint) {
        this(id, topic, occurredAt, payload, fingerprint, Optional.empty());
    }

    public EventClaim claimFor(ServiceName service) {
        return new EventClaim(id, service, topic, fingerprint);
    }
}
