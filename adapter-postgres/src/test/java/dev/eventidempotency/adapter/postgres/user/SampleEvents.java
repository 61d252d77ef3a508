package dev.eventidempotency.adapter.postgres.user;

import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.shared.EmailAddress;
import dev.eventidempotency.domain.user.UserCreated;
import dev.eventidempotency.domain.user.UserId;
import java.time.Instant;
import java.util.UUID;

/** Registration events for tests: each new user id is random, so tests never collide. */
public final class SampleEvents {

    public static final TopicName TOPIC = new TopicName("user-events");

    private SampleEvents() {
    }

    public static IncomingEvent<UserCreated> userCreated(String eventId) {
        return userCreated(eventId, new UserId(UUID.randomUUID()));
    }

    public static IncomingEvent<UserCreated> userCreated(String eventId, UserId user) {
        UserCreated payload = new UserCreated(user, new EmailAddress(user + "@example.org"), "User " + eventId);
        return new IncomingEvent<>(new EventId(eventId), TOPIC, Instant.parse("2026-11-28T09:00:00Z"), payload,
                PayloadFingerprint.of(payload.toString()));
    }
}
