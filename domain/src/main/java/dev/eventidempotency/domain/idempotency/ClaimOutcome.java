package dev.eventidempotency.domain.idempotency;

/** The ledger's answer to a claim. A duplicate is an ordinary answer, not an error. */
public enum ClaimOutcome {
    /** This transaction now owns the event: run its effects, and commit or roll back both together. */
    CLAIMED,
    /** A committed (or concurrently committing) transaction already owns the event: skip it. */
    ALREADY_PROCESSED
}
