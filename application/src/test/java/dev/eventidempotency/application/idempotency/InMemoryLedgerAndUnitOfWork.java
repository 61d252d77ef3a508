package dev.eventidempotency.application.idempotency;

import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.ClaimOutcome;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * A fake of the two ports that must agree on transactions: claims become visible on commit and
 * vanish on rollback, as they do in PostgreSQL. Single-threaded; the real adapter's tests cover races.
 */
final class InMemoryLedgerAndUnitOfWork implements UnitOfWork, ProcessedEventLedger {

    /** The ledger's unique key: the topic is recorded, but does not make an event another one. */
    private record UniqueKey(EventId eventId, ServiceName service) {
    }

    private final Set<UniqueKey> committed = new HashSet<>();
    private int commits;
    private int rollbacks;

    private static final class PendingClaims implements Transaction {
        private final Set<UniqueKey> claims = new HashSet<>();
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
        UniqueKey key = new UniqueKey(claim.eventId(), claim.service());
        if (committed.contains(key) || !pending.claims.add(key)) {
            return ClaimOutcome.ALREADY_PROCESSED;
        }
        return ClaimOutcome.CLAIMED;
    }

    @Override
    public Set<EventId> claimAll(Transaction transaction, ServiceName service, TopicName topic, Collection<EventId> eventIds) {
        Set<EventId> claimed = new HashSet<>();
        for (EventId id : eventIds) {
            if (claim(transaction, new EventClaim(id, service, topic)) == ClaimOutcome.CLAIMED) {
                claimed.add(id);
            }
        }
        return claimed;
    }

    boolean holds(EventClaim claim) {
        return committed.contains(new UniqueKey(claim.eventId(), claim.service()));
    }

    int commits() {
        return commits;
    }

    int rollbacks() {
        return rollbacks;
    }
}
