package dev.eventidempotency.application.idempotency.port.in;

/** Whether trying the same event again can succeed: it decides between retrying and dead-lettering. */
public enum FailureKind {
    /** The database or the network was unavailable, or a lock or serialization conflict: retry as long as it takes. */
    TRANSIENT,
    /** The database rejected what the event would write (a constraint, a value it cannot store): it never will accept it. */
    PERMANENT,
    /** Anything else, such as a bug in a handler: retried a bounded number of times, then set aside. */
    UNKNOWN
}
