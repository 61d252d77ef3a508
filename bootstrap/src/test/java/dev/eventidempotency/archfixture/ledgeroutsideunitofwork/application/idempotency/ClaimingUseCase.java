package dev.eventidempotency.archfixture.ledgeroutsideunitofwork.application.idempotency;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.ClaimOutcome;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;

/** Allowed: the use case claims inside the work it hands to the unit of work. */
public final class ClaimingUseCase {

    private final UnitOfWork unitOfWork;
    private final ProcessedEventLedger ledger;

    public ClaimingUseCase(UnitOfWork unitOfWork, ProcessedEventLedger ledger) {
        this.unitOfWork = unitOfWork;
        this.ledger = ledger;
    }

    public ClaimOutcome claim(EventClaim claim) {
        return unitOfWork.inTransaction(transaction -> ledger.claim(transaction, claim));
    }
}
