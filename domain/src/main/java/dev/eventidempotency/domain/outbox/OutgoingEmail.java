package dev.eventidempotency.domain.outbox;

import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.shared.EmailAddress;
import java.util.Objects;

/**
 * An e-mail an event causes, recorded in the outbox in the event's own transaction and delivered
 * after it commits. Addresses and subject become header values: a line break in one would let the
 * content write headers of its own, so {@link EmailAddress} admits no white space and the subject
 * no line break. Whether an address exists is for the mail server to say.
 */
public record OutgoingEmail(MessageId id, EventId event, EmailAddress from, EmailAddress to, String subject,
        String body) {

    public static final int MAX_SUBJECT_LENGTH = 998;

    public OutgoingEmail {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        if (subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("e-mail subject must be 1 to " + MAX_SUBJECT_LENGTH
                    + " characters and not blank, was " + subject.length());
        }
        if (subject.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("e-mail subject must not contain a line break or NUL");
        }
    }
}
