package dev.eventidempotency.domain.user;

import dev.eventidempotency.domain.shared.EmailAddress;
import java.util.Objects;

/** The sample business event: a user registered. Its effects are one {@code users} row and one count. */
public record UserCreated(UserId userId, EmailAddress email, String name) {

    public static final String TYPE = "UserCreated";
    public static final int MAX_NAME_LENGTH = 200;

    public UserCreated {
        Objects.requireNonNull(userId, "userId must not be null");
        Objects.requireNonNull(email, "email must not be null");
        Objects.requireNonNull(name, "name must not be null");
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "name must be 1 to " + MAX_NAME_LENGTH + " characters and not blank, was '" + name + "'");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("name must not contain the NUL character (PostgreSQL cannot store it)");
        }
    }
}
