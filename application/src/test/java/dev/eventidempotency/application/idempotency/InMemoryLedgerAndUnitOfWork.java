package dev.eventidempotency.application.idempotency;

import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.ClaimOutcome;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.HashSet;
import java.util.Set;

/**
 * A fake of the two ports that must agree on transactions: claims become visible on commit and
 * vanish on rollback, as they do in PostgreSQL. Single-threaded; the real adapter's tests cover races.
 */
final class InMemoryLedgerAndUnitOfWork implements UnitOfWork, ProcessedEventLedger {

    private final Set<EventClaim> committed = new HashSet<>();
    private int commits;
    private int rollbacks;

    private static final class PendingClaims implements Transaction {
        private final Set<EventClaim> claims = new HashSet<>();
    }

    @Override
    public <R> R inTransaction(TransactionalWork<R> work) {
        PendingClaims transaction = new PendingClaims();
        try {
            R result = work.runIn(transaction);
            committed.addAll(transaction.claims);
            commits++;
            return result;
        } catch (RuntimeException failure) {
            rollbacks++;
            throw failure;
        }
    }

    @Override
    public ClaimOutcome claim(Transaction transaction, EventClaim claim) {
        PendingClaims pending = (PendingClaims) transaction;
        if (committed.contains(claim) || !pending.claims.add(claim)) {
            return ClaimOutcome.ALREADY_PROCESSED;
        }
        return ClaimOutcome.CLAIMED;
    }

    boolean holds(EventClaim claim) {
        return committed.contains(claim);
    }

    int commits() {
        return commits;
    }

    int rollbacks() {
        return rollbacks;
    }
}
