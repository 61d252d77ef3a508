package dev.eventidempotency.application.outbox.port.in;

/** Use case: deliver the e-mails that are due, each in a transaction of its own. */
public interface RelayOutboxUseCase {

    /** Delivers due e-mails until none is due, a delivery fails temporarily, or the thread is interrupted. */
    RelayPass relayDue();
}
