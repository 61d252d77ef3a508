package dev.eventidempotency.application.outbox.port.out;

import java.util.Objects;

/**
 * The W3C trace context ({@code traceparent}, {@code tracestate}) of the work that queued a message,
 * as the outbox stored it. Opaque to the application: the outbox adapter writes and reads it, the
 * relay hands it to the sender, and the sender's span continues that trace. Empty when the work was
 * not traced.
 */
public record TraceContext(String traceparent, String tracestate) {

    public static final TraceContext NONE = new TraceContext("", "");

    public TraceContext {
        Objects.requireNonNull(traceparent, "traceparent");
        Objects.requireNonNull(tracestate, "tracestate");
    }

    public boolean isEmpty() {
        return traceparent.isEmpty();
    }
}
