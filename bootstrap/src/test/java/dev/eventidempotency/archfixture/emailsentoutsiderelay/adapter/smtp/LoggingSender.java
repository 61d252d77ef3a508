package dev.eventidempotency.archfixture.emailsentoutsiderelay.adapter.smtp;

import dev.eventidempotency.application.outbox.port.out.EmailSender;
import dev.eventidempotency.domain.outbox.OutgoingEmail;

/** Allowed: a decorating sender is itself only ever called by the relay. */
public final class LoggingSender implements EmailSender {

    private final EmailSender next;

    public LoggingSender(EmailSender next) {
        this.next = next;
    }

    @Override
    public void send(OutgoingEmail email) {
        next.send(email);
    }
}
