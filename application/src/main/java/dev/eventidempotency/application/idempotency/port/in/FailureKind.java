package dev.eventidempotency.application.idempotency.port.in;

/**
 * Whose failure it is: the environment's, which any event would meet, or one event's. It decides
 * between waiting, retrying and setting an event aside.
 */
public enum FailureKind {
    /**
     * Any event would fail the same way: the database is unreachable, read-only, out of resources,
     * timed out, denies a permission or lacks a table. Waited out, never counted against an event.
     */
    ENVIRONMENT,
    /** The database refused what this event would write (a constraint, a value it cannot store). */
    REJECTED,
    /** Anything else, such as a bug in a handler: retried a bounded number of times, then set aside. */
    UNKNOWN
}
