package dev.eventidempotency.archfixture.emailsentoutsiderelay.application.outbox;

import dev.eventidempotency.application.outbox.port.out.EmailSender;
import dev.eventidempotency.application.outbox.port.out.TraceContext;
import dev.eventidempotency.domain.outbox.OutgoingEmail;

/** Allowed: the relay sends what the outbox recorded in a committed transaction. */
public final class Relay {

    private final EmailSender sender;

    public Relay(EmailSender sender) {
        this.sender = sender;
    }

    public void deliver(OutgoingEmail recorded) {
        sender.send(recorded, TraceContext.NONE);
    }
}
