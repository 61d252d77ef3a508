package dev.eventidempotency.adapter.postgres;

/** No connection to PostgreSQL could be opened: the server is down, unreachable, or refused the login. */
public final class DatabaseUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DatabaseUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
