package dev.eventidempotency.archfixture.handlercreatestransaction.application.user;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.domain.idempotency.Transaction;

/**
 * Breaks "a handler never opens a unit of work": a transaction of its own instead of the caller's.
 * Abstract, so that the fixture compiles whatever else the port declares.
 */
public abstract class SelfServedHandler implements EventHandler<String> {

    protected Transaction ownTransaction() {
        return new DetachedTransaction();
    }
}
