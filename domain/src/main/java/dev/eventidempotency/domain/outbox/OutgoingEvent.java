package dev.eventidempotency.domain.outbox;

import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An event this service publishes, as recorded in the outbox: its id, the topic and the key it goes
 * to (events of one key are published in the order they were recorded), its type and time, and its
 * payload, a flat object of text fields kept in name order, so that every send of it is the same bytes
 * and a downstream inbox sees the same payload fingerprint.
 */
public record OutgoingEvent(EventId id, TopicName topic, String key, String type, Instant occurredAt,
        SortedMap<String, String> payload) {

    public static final int MAX_KEY_LENGTH = 255;
    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9\\-]{0,39}");

    public OutgoingEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("key must be 1 to " + MAX_KEY_LENGTH + " characters, was " + key.length());
        }
        if (type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank");
        }
        payload.forEach((name, value) -> Objects.requireNonNull(value, () -> "payload field " + name));
        payload = Collections.unmodifiableSortedMap(new TreeMap<>(payload));
    }

    public OutgoingEvent(EventId id, TopicName topic, String key, String type, Instant occurredAt,
            Map<String, String> payload) {
        this(id, topic, key, type, occurredAt, new TreeMap<>(payload));
    }

    /**
     * The id of the event that {@code cause} makes this service publish for one purpose, e.g.
     * {@code user-registered}: the same cause and purpose always give the same id, in every process and
     * every run, so a downstream inbox knows a second send of it for what it is.
     */
    public static EventId idFor(EventId cause, String purpose) {
        Objects.requireNonNull(cause, "cause");
        if (!PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose must be lower-case letters, digits and '-', was '" + purpose + "'");
        }
        return new EventId(purpose + ":" + cause.digest());
    }
}
