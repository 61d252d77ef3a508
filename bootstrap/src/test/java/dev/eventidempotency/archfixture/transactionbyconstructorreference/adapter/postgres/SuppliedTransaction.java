package dev.eventidempotency.archfixture.transactionbyconstructorreference.adapter.postgres;

import dev.eventidempotency.domain.idempotency.Transaction;

/** A transaction that only a unit of work should create. */
public final class SuppliedTransaction implements Transaction {
}
