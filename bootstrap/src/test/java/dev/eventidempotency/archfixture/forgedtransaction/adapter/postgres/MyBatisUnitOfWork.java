package dev.eventidempotency.archfixture.forgedtransaction.adapter.postgres;

import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;

/**
 * Allowed: the unit of work the rule names creates the transaction it hands to the work. Abstract, so that the fixture
 * compiles whatever else the port declares.
 */
public abstract class MyBatisUnitOfWork implements UnitOfWork {

    @Override
    public <R> R inTransaction(TransactionalWork<R> work) {
        return work.runIn(new InMemoryTransaction());
    }
}
