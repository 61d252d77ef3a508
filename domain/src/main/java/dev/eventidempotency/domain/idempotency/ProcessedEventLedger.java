package dev.eventidempotency.domain.idempotency;

/**
 * Port: the record of which service has processed which event (the {@code processed_events} table).
 *
 * <p>A claim is written in the caller's transaction. It becomes permanent only if that transaction
 * commits, together with the effects the caller wrote in it; if the transaction rolls back, the
 * event is unclaimed again and a redelivery will process it.
 */
public interface ProcessedEventLedger {

    /**
     * Claims the event for the service: {@link ClaimOutcome#CLAIMED} exactly once per event and
     * service, {@link ClaimOutcome#ALREADY_PROCESSED} for every other attempt. A concurrent claim of
     * the same event waits for the first transaction to finish instead of failing.
     */
    ClaimOutcome claim(Transaction transaction, EventClaim claim);
}
