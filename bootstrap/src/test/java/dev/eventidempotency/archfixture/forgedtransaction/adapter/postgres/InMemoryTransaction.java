package dev.eventidempotency.archfixture.forgedtransaction.adapter.postgres;

import dev.eventidempotency.domain.idempotency.Transaction;

/** A transaction that only {@link MyBatisUnitOfWork} should create. */
public final class InMemoryTransaction implements Transaction {
}
