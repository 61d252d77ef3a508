package dev.eventidempotency.adapter.kafka;

/** The innermost cause of a failure, and its message on one line: what a log line or a dead letter names. */
final class RootCause {

    private RootCause() {
    }

    static Throwable of(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    static String message(Throwable error) {
        return String.valueOf(error.getMessage()).replaceAll("\\s+", " ").strip();
    }

    /** The root cause's simple class name and message: enough to tell a timeout from a refused grant. */
    static String describe(Throwable failure) {
        Throwable root = of(failure);
        return root.getClass().getSimpleName() + ": " + message(root);
    }
}
