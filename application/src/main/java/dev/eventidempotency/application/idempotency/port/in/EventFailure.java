package dev.eventidempotency.application.idempotency.port.in;

import java.util.Objects;

/**
 * Why an event of a batch failed. {@code othersSucceeded} is the evidence that the failure is the
 * event's own: other events of the same batch went through the same database in the same moment,
 * committed before it or tried after it in a unit of work that was rolled back. Without it, a
 * failure may be the environment's in disguise, and the event is never set aside.
 */
public record EventFailure(RuntimeException cause, FailureKind kind, boolean othersSucceeded) {

    public EventFailure {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(kind, "kind");
    }

    public EventFailure withOthersSucceeded() {
        return new EventFailure(cause, kind, true);
    }
}
