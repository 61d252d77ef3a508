package dev.eventidempotency.application.idempotency.port.out;

/**
 * Port: one database transaction around a piece of work.
 *
 * <p>The work receives the {@link dev.eventidempotency.domain.idempotency.Transaction} every ledger
 * and repository call needs. If the work returns, the transaction commits before this method
 * returns; if it throws, the transaction rolls back and the exception propagates.
 */
public interface UnitOfWork {

    <R> R inTransaction(TransactionalWork<R> work);
}
