package dev.eventidempotency.domain.outbox;

import dev.eventidempotency.domain.idempotency.EventId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Value type: the Message-ID header of an outgoing message, {@code <purpose.hash@domain>}.
 *
 * <p>Derived from the event that caused the message, never random: if the relay dies after the mail
 * server accepted a message and before it was marked sent, the message is sent again with the same
 * Message-ID, which receivers and their mail stores recognise as the same message. The event id is
 * hashed because it may hold characters a Message-ID must not.
 */
public record MessageId(String value) {

    private static final Pattern SHAPE = Pattern.compile("<[A-Za-z0-9.\\-]+@[A-Za-z0-9.\\-]+>");
    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9\\-]{0,39}");

    public MessageId {
        Objects.requireNonNull(value, "message id must not be null");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("message id must be of the form <left@domain>, was '" + value + "'");
        }
    }

    /**
     * The id of the message an event causes for one purpose, e.g. {@code welcome}: the same event and
     * purpose always give the same id, in every process and every run.
     */
    public static MessageId forEvent(EventId event, String purpose, String domain) {
        Objects.requireNonNull(event, "event");
        if (!PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException(
                    "message purpose must be lower-case letters, digits and '-', was '" + purpose + "'");
        }
        return new MessageId("<" + purpose + "." + event.digest() + "@" + domain + ">");
    }

    @Override
    public String toString() {
        return value;
    }
}
