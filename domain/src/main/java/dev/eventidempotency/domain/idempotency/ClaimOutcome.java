package dev.eventidempotency.domain.idempotency;

/** The ledger's answer to a claim. A duplicate is an ordinary answer, not an error. */
public enum ClaimOutcome {
    /** This transaction now owns the event: run its effects, and commit or roll back both together. */
    CLAIMED,
    /** A committed (or concurrently committing) transaction already owns the event: skip it. */
    ALREADY_PROCESSED,
    /**
     * The ledger holds the event id with other content: not a redelivery but a reused id. It is not
     * processed and not a duplicate; someone has to look at it.
     */
    PAYLOAD_CONFLICT
}
