package dev.eventidempotency.archfixture.handlerbymethodreference.application.observability;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.Transaction;

/**
 * Allowed: the decorator the rule names, which the use case calls in the handler's place. Abstract,
 * so that the fixture compiles whatever else the port declares.
 */
public abstract class TimedEventHandler implements EventHandler<String> {

    private final EventHandler<String> handler;

    protected TimedEventHandler(EventHandler<String> handler) {
        this.handler = handler;
    }

    @Override
    public void handle(Transaction transaction, IncomingEvent<String> event) {
        handler.handle(transaction, event);
    }
}
