package dev.eventidempotency.bootstrap;

/**
 * A command could not do its job for a reason it has put into words for the operator (a server that
 * does not answer, a refusal): {@link Main} prints the message, without a stack trace, and exits
 * with the command's documented code.
 */
public final class CommandFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CommandFailedException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
