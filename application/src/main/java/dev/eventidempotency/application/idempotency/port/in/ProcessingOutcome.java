package dev.eventidempotency.application.idempotency.port.in;

/** What processing one event did; every outcome means its offset may be committed. */
public enum ProcessingOutcome {
    /** The event was new: its effects and its ledger row were committed together. */
    PROCESSED,
    /** The ledger already held the event for this service: nothing was run or written. */
    SKIPPED_DUPLICATE,
    /** The ledger holds this event id with other content: nothing was run or written; set it aside. */
    PAYLOAD_CONFLICT
}
