package dev.eventidempotency.application.outbox.port.out;

import java.util.List;
import java.util.Objects;

/**
 * The W3C trace context ({@code traceparent}, {@code tracestate}) of the work that queued a message,
 * as the outbox stored it. Opaque to the application: the outbox adapter writes and reads it, the
 * relay hands it to the sender, and the sender's span continues that trace. Empty when the work was
 * not traced.
 */
public record TraceContext(String traceparent, String tracestate) {

    public static final TraceContext NONE = new TraceContext("", "");

    /** The names of the W3C headers the two fields were written from, for a sender's propagator to read. */
    public static final List<String> HEADERS = List.of("traceparent", "tracestate");

    public TraceContext {
        Objects.requireNonNull(traceparent, "traceparent");
        Objects.requireNonNull(tracestate, "tracestate");
    }

    public boolean isEmpty() {
        return traceparent.isEmpty();
    }

    /** The header {@code name} as it was written; null for an empty field or another name. */
    public String header(String name) {
        String value = switch (name) {
            case "traceparent" -> traceparent;
            case "tracestate" -> tracestate;
            default -> "";
        };
        return value.isEmpty() ? null : value;
    }
}
