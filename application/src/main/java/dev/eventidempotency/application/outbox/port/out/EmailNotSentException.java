package dev.eventidempotency.application.outbox.port.out;

/**
 * A mail server did not accept an e-mail. Permanent when sending it again cannot help (the server
 * rejected the recipient or the message); otherwise the server, or the way to it, may recover.
 */
public final class EmailNotSentException extends RuntimeException {

    private final boolean permanent;

    private EmailNotSentException(String reason, boolean permanent, Throwable cause) {
        super(reason, cause);
        this.permanent = permanent;
    }

    public static EmailNotSentException permanent(String reason, Throwable cause) {
        return new EmailNotSentException(reason, true, cause);
    }

    public static EmailNotSentException temporary(String reason, Throwable cause) {
        return new EmailNotSentException(reason, false, cause);
    }

    public boolean isPermanent() {
        return permanent;
    }
}
