package dev.eventidempotency.archfixture.ledgeroutsideunitofwork.application.user;

import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.out.EventHandler;
import dev.eventidempotency.domain.idempotency.Transaction;

/**
 * Allowed: a decorating handler already runs inside its caller's unit of work. Abstract, so that the
 * fixture compiles whatever else the port declares.
 */
public abstract class AuditingHandler implements EventHandler<String> {

    private final EventHandler<String> next;

    protected AuditingHandler(EventHandler<String> next) {
        this.next = next;
    }

    @Override
    public void handle(Transaction transaction, IncomingEvent<String> event) {
        next.handle(transaction, event);
    }
}
