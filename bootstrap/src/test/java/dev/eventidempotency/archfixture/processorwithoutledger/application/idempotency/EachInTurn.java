package dev.eventidempotency.archfixture.processorwithoutledger.application.idempotency;

import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventUseCase;
import java.util.List;

/** Allowed: hands each event to another implementation of the port, which the rule checks in turn. */
public final class EachInTurn implements ProcessEventBatchUseCase<String> {

    private final ProcessEventUseCase<String> single;

    public EachInTurn(ProcessEventUseCase<String> single) {
        this.single = single;
    }

    @Override
    public BatchOutcome process(List<IncomingEvent<String>> events) {
        events.forEach(single::process);
        return BatchOutcome.completed(events.size(), 0, List.of());
    }
}
