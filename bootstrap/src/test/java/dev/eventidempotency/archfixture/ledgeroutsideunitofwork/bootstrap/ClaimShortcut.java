package dev.eventidempotency.archfixture.ledgeroutsideunitofwork.bootstrap;

import dev.eventidempotency.domain.idempotency.ClaimOutcome;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.Transaction;

/**
 * Breaks "the ledger only inside the unit of work": a claim in a transaction kept from an earlier
 * unit of work, which the types alone cannot prevent.
 */
public final class ClaimShortcut {

    public ClaimOutcome claimIn(Transaction leftOver, ProcessedEventLedger ledger, EventClaim claim) {
        return ledger.claim(leftOver, claim);
    }
}
