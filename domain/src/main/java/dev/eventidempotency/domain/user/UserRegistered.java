package dev.eventidempotency.domain.user;

import dev.eventidempotency.domain.shared.EmailAddress;
import java.util.Objects;

/**
 * The sample service's own event, published through its outbox once a {@link UserCreated} took
 * effect: a user is registered. Other services (the sample's {@code welcome-stats}) consume it.
 */
public record UserRegistered(UserId userId, EmailAddress email, String name) {

    public static final String TYPE = "UserRegistered";

    public UserRegistered {
        Objects.requireNonNull(userId, "userId must not be null");
        Objects.requireNonNull(email, "email must not be null");
        Objects.requireNonNull(name, "name must not be null");
    }
}
