package dev.eventidempotency.domain.idempotency;

import java.util.Objects;
import java.util.regex.Pattern;

/** Value type: the topic an event was consumed from, kept in the ledger for troubleshooting. */
public record TopicName(String value) {

    /** Kafka's own limit for topic names. */
    public static final int MAX_LENGTH = 249;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]+");

    public TopicName {
        Objects.requireNonNull(value, "topic name must not be null");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "topic name must be 1 to " + MAX_LENGTH + " characters, was " + value.length());
        }
        if (!ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "topic name may contain only letters, digits, '.', '_' and '-', was '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
