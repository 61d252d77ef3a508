package dev.eventidempotency.archfixture.emailsentoutsiderelay.application.user;

import dev.eventidempotency.application.outbox.port.out.EmailSender;
import dev.eventidempotency.application.outbox.port.out.TraceContext;
import dev.eventidempotency.domain.outbox.OutgoingEmail;

/** Violation: a handler that sends its e-mail itself; a rollback after the send cannot take it back. */
public final class EagerWelcomeHandler {

    private final EmailSender sender;

    public EagerWelcomeHandler(EmailSender sender) {
        this.sender = sender;
    }

    public void welcome(OutgoingEmail email) {
        sender.send(email, TraceContext.NONE);
    }
}
