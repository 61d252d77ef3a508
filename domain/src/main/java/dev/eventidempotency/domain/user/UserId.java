package dev.eventidempotency.domain.user;

import java.util.Objects;
import java.util.UUID;

/** Value type: a user's identity, assigned by the producer of {@link UserCreated}. */
public record UserId(UUID value) {

    public UserId {
        Objects.requireNonNull(value, "user id must not be null");
    }

    /** Parses the canonical 36-character UUID form, rejecting the lenient forms {@link UUID#fromString} accepts. */
    public static UserId parse(String text) {
        Objects.requireNonNull(text, "user id must not be null");
        UUID parsed;
        try {
            parsed = UUID.fromString(text);
        } catch (IllegalArgumentException notAUuid) {
            throw new IllegalArgumentException("user id must be a UUID, was '" + text + "'", notAUuid);
        }
        if (!parsed.toString().equalsIgnoreCase(text)) {
            throw new IllegalArgumentException("user id must be a UUID in canonical form, was '" + text + "'");
        }
        return new UserId(parsed);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
