package dev.eventidempotency.archfixture.processorwithoutledger.application.idempotency;

import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventUseCase;
import dev.eventidempotency.application.idempotency.port.in.ProcessingOutcome;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.idempotency.ClaimOutcome;
import dev.eventidempotency.domain.idempotency.ProcessedEventLedger;
import dev.eventidempotency.domain.idempotency.ServiceName;

/** Allowed: claims the event inside the unit of work it opens. */
public final class ClaimingProcessor implements ProcessEventUseCase<String> {

    private final ServiceName service;
    private final UnitOfWork unitOfWork;
    private final ProcessedEventLedger ledger;

    public ClaimingProcessor(ServiceName service, UnitOfWork unitOfWork, ProcessedEventLedger ledger) {
        this.service = service;
        this.unitOfWork = unitOfWork;
        this.ledger = ledger;
    }

    @Override
    public ProcessingOutcome process(IncomingEvent<String> event) {
        return unitOfWork.inTransaction(transaction -> ledger.claim(transaction, event.claimFor(service))
                == ClaimOutcome.CLAIMED ? ProcessingOutcome.PROCESSED : ProcessingOutcome.SKIPPED_DUPLICATE);
    }
}
