package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.OutgoingEvent;
import java.util.List;

/**
 * Port: records events to publish, in the caller's transaction, in the order given; events of one
 * key are published in the order they were recorded. A handler never publishes itself: a send
 * cannot be rolled back, a row can. Recording an event whose id is already recorded changes nothing,
 * so an event replayed after an operator forgot it does not publish its consequence twice.
 */
public interface EventOutbox {

    void record(Transaction transaction, List<OutgoingEvent> events);
}
