package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.outbox.OutgoingEvent;

/** Port: publishes an event to its topic. Returns once the broker has acknowledged it. */
public interface EventPublisher extends OutboxSender<OutgoingEvent> {
}
