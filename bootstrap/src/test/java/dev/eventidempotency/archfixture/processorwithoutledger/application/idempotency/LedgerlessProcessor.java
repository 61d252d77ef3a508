package dev.eventidempotency.archfixture.processorwithoutledger.application.idempotency;

import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventUseCase;
import dev.eventidempotency.application.idempotency.port.in.ProcessingOutcome;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;

/** Breaks "every processor claims in a unit of work": a transaction, but no claim, so a redelivery acts again. */
public final class LedgerlessProcessor implements ProcessEventUseCase<String> {

    private final UnitOfWork unitOfWork;

    public LedgerlessProcessor(UnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    @Override
    public ProcessingOutcome process(IncomingEvent<String> event) {
        return unitOfWork.inTransaction(transaction -> ProcessingOutcome.PROCESSED);
    }
}
