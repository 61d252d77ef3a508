package dev.eventidempotency.archfixture.transactionbyconstructorreference.adapter.postgres;

import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.function.Supplier;

/** Breaks "only a unit of work creates transactions" with a constructor reference instead of {@code new}. */
public final class SupplierForger {

    public Supplier<Transaction> forgery() {
        return SuppliedTransaction::new;
    }
}
