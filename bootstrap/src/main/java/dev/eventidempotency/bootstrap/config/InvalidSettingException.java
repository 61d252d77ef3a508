package dev.eventidempotency.bootstrap.config;

/** A setting is missing or malformed; the message names the variable, the flag and the expected form. */
public final class InvalidSettingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}
