package dev.eventidempotency.archfixture.handleropensunitofwork.application.user;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;

/**
 * Breaks "a handler never opens a unit of work" one class away from the handler: an audit row written
 * in a second transaction, which outlives the rollback of the claim and so is written again on the
 * redelivery.
 */
public final class AuditTrail {

    public void recordApart(UnitOfWork separate) {
    }
}
