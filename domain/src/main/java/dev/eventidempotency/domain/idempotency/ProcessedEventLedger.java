package dev.eventidempotency.domain.idempotency;

import java.util.List;

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
     * service; for every other attempt {@link ClaimOutcome#ALREADY_PROCESSED}, or
     * {@link ClaimOutcome#PAYLOAD_CONFLICT} when the fingerprint differs from the claimed one. A
     * concurrent claim of the same event waits for the first transaction to finish instead of failing.
     */
    ClaimOutcome claim(Transaction transaction, EventClaim claim);

    /**
     * Claims many events at once, with the same guarantees as {@link #claim}: one answer per claim,
     * in order, as if each were claimed in turn. A later claim of an id claimed earlier in the list is
     * measured against that earlier claim's content, like any other. A batch is one service's: one
     * with claims of several is refused with an {@link IllegalArgumentException}, and nothing is claimed.
     */
    List<ClaimOutcome> claimAll(Transaction transaction, List<EventClaim> claims);
}
