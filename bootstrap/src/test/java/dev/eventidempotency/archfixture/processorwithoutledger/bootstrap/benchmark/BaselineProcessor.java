package dev.eventidempotency.archfixture.processorwithoutledger.bootstrap.benchmark;

import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventUseCase;
import dev.eventidempotency.application.idempotency.port.in.ProcessingOutcome;

/** Allowed: the benchmark's baseline without a ledger, in the package the rule leaves out by name. */
public final class BaselineProcessor implements ProcessEventUseCase<String> {

    @Override
    public ProcessingOutcome process(IncomingEvent<String> event) {
        return ProcessingOutcome.PROCESSED;
    }
}
