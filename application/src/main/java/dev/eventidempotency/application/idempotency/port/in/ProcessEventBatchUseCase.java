package dev.eventidempotency.application.idempotency.port.in;

import java.util.List;

/**
 * Use case: process consecutive events of one topic partition, in order, so that each one's effects
 * happen exactly once per service. Never throws for an event that fails: the outcome says how far
 * it got, so the caller acknowledges exactly the completed prefix and redelivers the rest.
 */
public interface ProcessEventBatchUseCase<P> {

    BatchOutcome process(List<IncomingEvent<P>> events);
}
