package dev.eventidempotency.adapter.kafka;

/**
 * A record that can never become an event: no retry will change its bytes. It goes to the
 * dead-letter topic with {@link #reason()}, and the consumer moves on.
 */
public final class UndecodableRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public UndecodableRecordException(String reason) {
        super(reason);
    }

    public UndecodableRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** Readable by an operator, and safe to put in a Kafka header. */
    public String reason() {
        return getMessage();
    }
}
