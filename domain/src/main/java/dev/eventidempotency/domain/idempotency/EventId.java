package dev.eventidempotency.domain.idempotency;

import java.util.Objects;

/**
 * Value type: the producer-assigned identity of an event, the first half of the ledger's unique key.
 *
 * <p>Stored verbatim: no trimming or case folding, because two ids that differ only in
 * white space or case are different events as far as the producer is concerned.
 */
public record EventId(String value) {

    public static final int MAX_LENGTH = 255;

    public EventId {
        Objects.requireNonNull(value, "event id must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException("event id must not be blank");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("event id must not contain the NUL character (PostgreSQL cannot store it)");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "event id must be at most " + MAX_LENGTH + " characters, was " + value.length());
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
