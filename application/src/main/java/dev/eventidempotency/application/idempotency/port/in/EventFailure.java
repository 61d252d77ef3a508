package dev.eventidempotency.application.idempotency.port.in;

import java.util.Objects;

/** Why an event of a batch failed, and whether trying it again can help. */
public record EventFailure(RuntimeException cause, FailureKind kind) {

    public EventFailure {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(kind, "kind");
    }
}
