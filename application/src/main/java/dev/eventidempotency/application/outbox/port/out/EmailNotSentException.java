package dev.eventidempotency.application.outbox.port.out;

/**
 * A mail server did not accept an e-mail. Permanent when sending it again cannot help (the server
 * rejected the recipient or the message). Otherwise a retry may succeed, and the failure says whether
 * it was this message that was turned away for now (a 4xx answer to its recipient) or the mail server
 * that is out of reach for every message (no connection, no answer in time, refused credentials).
 */
public final class EmailNotSentException extends RuntimeException {

    private enum Kind { PERMANENT, TEMPORARY, SERVER_UNAVAILABLE }

    private final Kind kind;

    private EmailNotSentException(String reason, Kind kind, Throwable cause) {
        super(reason, cause);
        this.kind = kind;
    }

    public static EmailNotSentException permanent(String reason, Throwable cause) {
        return new EmailNotSentException(reason, Kind.PERMANENT, cause);
    }

    /** The server answered, but turned this message away for now. */
    public static EmailNotSentException temporary(String reason, Throwable cause) {
        return new EmailNotSentException(reason, Kind.TEMPORARY, cause);
    }

    /** The server could not be reached or did not take any message: every e-mail would fail the same way. */
    public static EmailNotSentException serverUnavailable(String reason, Throwable cause) {
        return new EmailNotSentException(reason, Kind.SERVER_UNAVAILABLE, cause);
    }

    public boolean isPermanent() {
        return kind == Kind.PERMANENT;
    }

    public boolean isServerUnavailable() {
        return kind == Kind.SERVER_UNAVAILABLE;
    }
}
