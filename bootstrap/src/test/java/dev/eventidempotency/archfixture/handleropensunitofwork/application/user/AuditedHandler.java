package dev.eventidempotency.archfixture.handleropensunitofwork.application.user;

import dev.eventidempotency.application.idempotency.handler.EventHandler;

/**
 * A handler that keeps an audit trail. It does not touch a unit of work itself; the class it uses
 * does. Abstract, so that the fixture compiles whatever else the port declares.
 */
public abstract class AuditedHandler implements EventHandler<String> {

    protected final AuditTrail audit;

    protected AuditedHandler(AuditTrail audit) {
        this.audit = audit;
    }
}
