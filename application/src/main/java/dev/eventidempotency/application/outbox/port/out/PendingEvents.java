package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.OutgoingEvent;
import java.time.Instant;
import java.util.List;

/**
 * Port: the relay's side of the event outbox. Events of one topic and key never overtake each other,
 * however many relays run: {@link #claimDue} returns an event only when every event recorded before
 * it with its topic and key has been sent, so a claim holds at most one event of a key. One that waits
 * for a retry or is parked holds the ones behind it back, as a partition holds its records in order.
 */
public interface PendingEvents extends LeasedOutbox<OutgoingEvent, EventId> {

    @Override
    List<PendingEvent> claimDue(Transaction transaction, Instant now, Instant leaseUntil, int limit);
}
