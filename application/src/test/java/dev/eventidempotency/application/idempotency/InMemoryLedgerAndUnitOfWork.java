package dev.eventidempotency.application.idempotency;

import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.ClaimOutcome;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake of the two ports that must agree on transactions: claims become visible on commit and
 * vanish on rollback, as they do in PostgreSQL. Safe for transactions on several threads, though it does not
 * make one claim wait for another's commit as PostgreSQL does; the real adapter's tests cover races.
 * {@code InMemoryLedgerAndUnitOfWorkTest} holds it to the contracts the PostgreSQL ledger passes too.
 */
final class InMemoryLedgerAndUnitOfWork implements UnitOfWork, ProcessedEventLedger {

    /** The ledger's unique key: the topic is recorded, but does not make an event another one. */
    private record UniqueKey(EventId eventId, ServiceName service) {
    }

    private final Map<UniqueKey, PayloadFingerprint> committed = new HashMap<>();
    private int commits;
    private int rollbacks;

    private static final class PendingClaims implements Transaction {
        private final Map<UniqueKey, PayloadFingerprint> claims = new HashMap<>();
    }

    @Override
    public <R> R inTransaction(TransactionalWork<R> work) {
        PendingClaims transaction = new PendingClaims();
        try {
            R result = work.runIn(transaction);
            synchronized (committed) {
                committed.putAll(transaction.claims);
                commits++;
            }
            return result;
        } catch (RuntimeException failure) {
            synchronized (committed) {
                rollbacks++;
            }
            throw failure;
        }
    }

    @Override
    public ClaimOutcome claim(Transaction transaction, EventClaim claim) {
        PendingClaims pending = (PendingClaims) transaction;
        UniqueKey key = new UniqueKey(claim.eventId(), claim.service());
        PayloadFingerprint held;
        synchronized (committed) {
            held = committed.getOrDefault(key, pending.claims.get(key));
        }
        if (held == null) {
            pending.claims.put(key, claim.fingerprint());
            return ClaimOutcome.CLAIMED;
        }
        return held.equals(claim.fingerprint()) ? ClaimOutcome.ALREADY_PROCESSED : ClaimOutcome.PAYLOAD_CONFLICT;
    }

    @Override
    public List<ClaimOutcome> claimAll(Transaction transaction, List<EventClaim> claims) {
        if (claims.stream().map(EventClaim::service).distinct().count() > 1) {
            throw new IllegalArgumentException("a batch claims for one service, got several: " + claims);
        }
        return claims.stream().map(claim -> claim(transaction, claim)).toList();
    }

    boolean holds(EventClaim claim) {
        synchronized (committed) {
            return committed.containsKey(new UniqueKey(claim.eventId(), claim.service()));
        }
    }

    int commits() {
        synchronized (committed) {
            return commits;
        }
    }

    int rollbacks() {
        synchronized (committed) {
            return rollbacks;
        }
    }
}
