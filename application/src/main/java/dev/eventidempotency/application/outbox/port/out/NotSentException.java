package dev.eventidempotency.application.outbox.port.out;

/**
 * A receiver (a mail server, a Kafka broker) did not accept a message. Permanent when sending it
 * again cannot help (the server rejected the recipient or the message). Otherwise a retry may
 * succeed, and the failure says whether it was this message that was turned away for now (a 4xx
 * answer to its recipient) or the receiver that is out of reach for every message (no connection,
 * no answer in time, refused credentials).
 */
public final class NotSentException extends RuntimeException {

    private enum Kind { PERMANENT, TEMPORARY, SERVER_UNAVAILABLE }

    private final Kind kind;

    private NotSentException(String reason, Kind kind, Throwable cause) {
        super(reason, cause);
        this.kind = kind;
    }

    public static NotSentException permanent(String reason, Throwable cause) {
        return new NotSentException(reason, Kind.PERMANENT, cause);
    }

    /** The receiver answered, but turned this message away for now. */
    public static NotSentException temporary(String reason, Throwable cause) {
        return new NotSentException(reason, Kind.TEMPORARY, cause);
    }

    /** The receiver could not be reached or did not take any message: every message would fail the same way. */
    public static NotSentException serverUnavailable(String reason, Throwable cause) {
        return new NotSentException(reason, Kind.SERVER_UNAVAILABLE, cause);
    }

    public boolean isPermanent() {
        return kind == Kind.PERMANENT;
    }

    public boolean isServerUnavailable() {
        return kind == Kind.SERVER_UNAVAILABLE;
    }
}
