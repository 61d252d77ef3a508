package dev.eventidempotency.application.user;

import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.outbox.OutgoingEvent;
import dev.eventidempotency.domain.user.UserCreated;
import dev.eventidempotency.domain.user.UserRegistered;
import java.util.Map;
import java.util.Objects;

/**
 * The sample's published event: a registration that took effect tells other services, on one topic,
 * keyed by the user id (a user's events stay in order). Its id is derived from the registration's, so
 * a second send of it is known downstream for what it is.
 */
public final class UserRegisteredEvents {

    static final String PURPOSE = "user-registered";

    private final TopicName topic;

    public UserRegisteredEvents(TopicName topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    public OutgoingEvent registered(IncomingEvent<UserCreated> registration) {
        UserCreated user = registration.payload();
        return new OutgoingEvent(OutgoingEvent.idFor(registration.id(), PURPOSE), topic, user.userId().value().toString(),
                UserRegistered.TYPE, registration.occurredAt(), Map.of("userId", user.userId().value().toString(),
                        "email", user.email().value(), "name", user.name()));
    }
}
