package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import java.util.Objects;

/**
 * An e-mail the outbox still has to deliver, how many deliveries of it have failed so far, and the
 * trace of the work that queued it.
 */
public record PendingEmail(OutgoingEmail email, int failedAttempts, TraceContext trace)
        implements Pending<OutgoingEmail, MessageId> {

    public PendingEmail {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(trace, "trace");
        if (failedAttempts < 0) {
            throw new IllegalArgumentException("failed attempts must not be negative, was " + failedAttempts);
        }
    }

    /** Queued by untraced work. */
    public PendingEmail(OutgoingEmail email, int failedAttempts) {
        this(email, failedAttempts, TraceContext.NONE);
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
