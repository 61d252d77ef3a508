package dev.eventidempotency.domain.outbox;

import dev.eventidempotency.domain.idempotency.EventId;
import java.util.Objects;

/**
 * An e-mail an event causes, recorded in the outbox in the event's own transaction and delivered
 * after it commits. Addresses and subject are header values: a line break in one would let the
 * content write headers of its own, so none is accepted. Whether an address exists is for the mail
 * server to say.
 */
public record OutgoingEmail(MessageId id, EventId event, String from, String to, String subject, String body) {

    /** RFC 5321's limit for a forward path. */
    public static final int MAX_ADDRESS_LENGTH = 254;
    public static final int MAX_SUBJECT_LENGTH = 998;

    public OutgoingEmail {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        requireHeaderValue("from", from, MAX_ADDRESS_LENGTH);
        requireHeaderValue("to", to, MAX_ADDRESS_LENGTH);
        requireHeaderValue("subject", subject, MAX_SUBJECT_LENGTH);
        Objects.requireNonNull(body, "body");
    }

    private static void requireHeaderValue(String name, String value, int maxLength) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException("e-mail " + name + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(
                    "e-mail " + name + " must be at most " + maxLength + " characters, was " + value.length());
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("e-mail " + name + " must not contain a line break or NUL");
        }
    }
}
