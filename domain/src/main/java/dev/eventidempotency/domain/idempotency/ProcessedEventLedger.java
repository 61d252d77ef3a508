package dev.eventidempotency.domain.idempotency;

import java.util.Collection;
import java.util.Set;

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

    /**
     * Claims many events of one service and topic at once, with the same guarantees as
     * {@link #claim}: returns the ids this transaction now owns. An id that appears twice in
     * {@code eventIds} is claimed at most once.
     */
    Set<EventId> claimAll(Transaction transaction, ServiceName service, TopicName topic, Collection<EventId> eventIds);
}
