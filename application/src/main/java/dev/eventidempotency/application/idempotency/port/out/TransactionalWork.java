package dev.eventidempotency.application.idempotency.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;

/** Work that runs inside a {@link UnitOfWork} and writes only through the transaction it is given. */
@FunctionalInterface
public interface TransactionalWork<R> {

    R runIn(Transaction transaction);
}
