package dev.eventidempotency.adapter.postgres.outbox;

import dev.eventidempotency.application.outbox.port.out.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * The trace context of the span current on this thread, in the W3C form the outboxes store: the
 * unit of work's span while a handler queues e-mails or records events. W3C whatever propagators are
 * configured, because the columns are W3C's. Empty when nothing is traced, which costs one thread-local
 * read.
 */
final class CurrentTrace {

    /** W3C Trace Context lets a tracestate be cut; a longer one is not kept (V10, V13). */
    static final int MAX_TRACESTATE_LENGTH = 512;

    private CurrentTrace() {
    }

    static TraceContext capture() {
        Context current = Context.current();
        if (!Span.fromContext(current).getSpanContext().isValid()) {
            return TraceContext.NONE;
        }
        Map<String, String> headers = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(current, headers, Map::put);
        String tracestate = headers.getOrDefault("tracestate", "");
        return new TraceContext(headers.getOrDefault("traceparent", ""),
                tracestate.length() <= MAX_TRACESTATE_LENGTH ? tracestate : "");
    }

    static TraceContext of(String traceparent, String tracestate) {
        return traceparent == null ? TraceContext.NONE
                : new TraceContext(traceparent, tracestate == null ? "" : tracestate);
    }

    static String orNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
