package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.outbox.MessageId;

/** An e-mail the relay gave up on, with the last reason the mail server (or the way to it) gave. */
public record ParkedEmail(MessageId id, EventId event, String recipient, int failedAttempts, String lastError) {
}
