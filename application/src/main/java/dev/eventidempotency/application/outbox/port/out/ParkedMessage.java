package dev.eventidempotency.application.outbox.port.out;

import java.util.Objects;

/**
 * A message the relay gave up on, with the last reason its receiver (or the way to it) gave.
 *
 * @param summary what the message is and where it goes, for an operator to read: an e-mail's event and
 *     recipient, an event's topic and key
 */
public record ParkedMessage<I>(I id, String summary, int failedAttempts, String lastError) {

    public ParkedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(summary, "summary");
    }
}
