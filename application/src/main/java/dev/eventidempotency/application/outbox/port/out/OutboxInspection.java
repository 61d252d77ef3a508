package dev.eventidempotency.application.outbox.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import java.util.List;

/**
 * Port: what an operator sees of an outbox, and the one change an operator makes: retry a parked
 * message. One port for every outbox, each message by its own kind of id {@code I}.
 */
public interface OutboxInspection<I> {

    OutboxCounts counts(Transaction transaction);

    /** The oldest parked messages, at most {@code limit}. */
    List<ParkedMessage<I>> parked(Transaction transaction, int limit);

    /** Makes a parked message due now with no failed attempts; false if no parked message has that id. */
    boolean requeueParked(Transaction transaction, I id);
}
