package dev.eventidempotency.application.outbox.port.in;

/** Use case: deliver the messages of an outbox that are due, each claimed, sent and recorded on its own. */
public interface RelayOutboxUseCase {

    /**
     * Delivers due messages until none is due, the receiver is out of reach, a send fails in a way
     * the sender did not expect, or the thread is interrupted.
     */
    RelayPass relayDue();
}
