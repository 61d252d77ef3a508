package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.outbox.OutgoingEvent;
import java.util.Objects;

/**
 * An event the outbox still has to publish, how many attempts to publish it have failed so far, and the
 * trace of the work that recorded it.
 */
public record PendingEvent(OutgoingEvent event, int failedAttempts, TraceContext trace)
        implements Pending<OutgoingEvent, EventId> {

    public PendingEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(trace, "trace");
        if (failedAttempts < 0) {
            throw new IllegalArgumentException("failed attempts must not be negative, was " + failedAttempts);
        }
    }

    @Override
    public EventId id() {
        return event.id();
    }

    @Override
    public OutgoingEvent message() {
        return event;
    }
}
