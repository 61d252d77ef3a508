package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import java.util.Objects;

/** An e-mail the outbox still has to deliver, and how many deliveries of it have failed so far. */
public record PendingEmail(OutgoingEmail email, int failedAttempts) implements Pending<OutgoingEmail, MessageId> {

    public PendingEmail {
        Objects.requireNonNull(email, "email");
        if (failedAttempts < 0) {
            throw new IllegalArgumentException("failed attempts must not be negative, was " + failedAttempts);
        }
    }

    @Override
    public MessageId id() {
        return email.id();
    }

    @Override
    public OutgoingEmail message() {
        return email;
    }
}
