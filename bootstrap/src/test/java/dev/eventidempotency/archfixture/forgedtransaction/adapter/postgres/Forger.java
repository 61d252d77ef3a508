package dev.eventidempotency.archfixture.forgedtransaction.adapter.postgres;

import dev.eventidempotency.domain.idempotency.Transaction;

/** Breaks "only a unit of work creates transactions": proof of an open unit of work with none behind it. */
public final class Forger {

    public Transaction forge() {
        return new InMemoryTransaction();
    }
}
