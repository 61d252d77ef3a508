package dev.eventidempotency.domain.user;

import dev.eventidempotency.domain.shared.EmailAddress;
import java.time.Instant;
import java.util.Objects;

/** A registered user, as the sample service stores it. */
public record User(UserId id, EmailAddress email, String name, Instant createdAt) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The user a registration event describes, created when the event occurred. */
    public static User registeredBy(UserCreated event, Instant occurredAt) {
        return new User(event.userId(), event.email(), event.name(), occurredAt);
    }
}
