package dev.eventidempotency.archfixture.forgedtransaction.adapter.postgres;

import dev.eventidempotency.domain.idempotency.Transaction;

/** A transaction that only {@link InMemoryUnitOfWork} should create. */
public final class InMemoryTransaction implements Transaction {
}
