package dev.eventidempotency.application.idempotency.handler;

import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.List;

/**
 * The plug-in point: a service implements it for its business, in a package named for that
 * business beside {@code idempotency}. Applies one new event's effects inside the caller's
 * transaction. The use cases of {@code application.idempotency} call it; no adapter implements it.
 *
 * <p>Called only after the event was claimed in that same transaction, so it never sees a
 * duplicate. Every effect must be written through {@code transaction}; an effect outside the
 * database (an e-mail, an HTTP call) is not rolled back with it and needs an outbox instead.
 * Throwing rolls back the claim too, and the event will be delivered again.
 */
public interface EventHandler<P> {

    void handle(Transaction transaction, IncomingEvent<P> event);

    /**
     * Applies several new events, in order, in the caller's one transaction (batch mode). Override it
     * to write them set-wise; the effects must be those of calling {@link #handle} for each in turn.
     */
    default void handleAll(Transaction transaction, List<IncomingEvent<P>> events) {
        events.forEach(event -> handle(transaction, event));
    }
}
