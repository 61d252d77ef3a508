package dev.eventidempotency.application.idempotency.port.out;

/**
 * A unit of work could not even begin (no database connection): nothing was attempted, so nothing
 * about the events is learnt by trying them again in smaller groups. Retry later, all together.
 */
public final class UnitOfWorkUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnitOfWorkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
