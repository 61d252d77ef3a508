package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.OutgoingEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: the relay's side of the event outbox. Events of one topic and key never overtake each other,
 * however many relays run: {@link #claimNextDue} returns an event only when every event recorded
 * before it with its topic and key has been sent. One that waits for a retry or is parked holds the
 * ones behind it back, as a partition holds its records in order.
 */
public interface PendingEvents extends LeasedOutbox<OutgoingEvent, EventId> {

    @Override
    Optional<PendingEvent> claimNextDue(Transaction transaction, Instant now, Instant leaseUntil);
}
