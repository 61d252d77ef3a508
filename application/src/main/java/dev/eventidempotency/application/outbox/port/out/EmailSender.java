package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.outbox.OutgoingEmail;

/** Port: hands an e-mail to a mail server. Returns once the server has accepted it. */
public interface EmailSender extends OutboxSender<OutgoingEmail> {
}
