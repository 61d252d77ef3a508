package dev.eventidempotency.application.idempotency.port.in;

/**
 * Use case: process one delivered event so that its effects happen exactly once per service.
 *
 * <p>When this returns, the event's ledger row and effects are committed (or were committed by an
 * earlier delivery) and the caller may acknowledge the delivery. When it throws, nothing was
 * committed and the caller must not acknowledge it: a redelivery will try again.
 */
public interface ProcessEventUseCase<P> {

    ProcessingOutcome process(IncomingEvent<P> event);
}
