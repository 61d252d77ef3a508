package dev.eventidempotency.application.outbox.port.out;

/** A message an outbox still has to deliver, its id there, and how many deliveries of it have failed so far. */
public interface Pending<M, I> {

    I id();

    M message();

    int failedAttempts();

    /** The trace of the work that queued the message; none where the outbox does not store it. */
    default TraceContext trace() {
        return TraceContext.NONE;
    }
}
