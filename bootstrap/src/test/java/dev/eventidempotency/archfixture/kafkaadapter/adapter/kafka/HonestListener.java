package dev.eventidempotency.archfixture.kafkaadapter.adapter.kafka;

import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventUseCase;

/** Allowed: the listener hands the event to the use case. */
public final class HonestListener {

    public void deliver(ProcessEventUseCase<String> useCase, IncomingEvent<String> event) {
        useCase.process(event);
    }
}
