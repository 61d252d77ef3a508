package dev.eventidempotency.adapter.smtp;

import dev.eventidempotency.application.outbox.port.out.TraceContext;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The span of one SMTP send, a child of the trace context stored with the e-mail: the trace of the
 * event that queued it goes on to its delivery, however much later and in whatever process.
 */
final class SendSpans {

    static final String INSTRUMENTATION = "dev.eventidempotency.adapter.smtp";

    private final Tracer tracer;
    private final SmtpSettings settings;

    SendSpans(OpenTelemetry openTelemetry, SmtpSettings settings) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
        this.settings = settings;
    }

    Span start(OutgoingEmail email, TraceContext trace) {
        Context parent = trace.isEmpty() ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), trace, StoredTrace.GETTER);
        return tracer.spanBuilder("smtp send").setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setAttribute("server.address", settings.host())
                .setAttribute("server.port", (long) settings.port())
                .setAttribute("network.protocol.name", "smtp")
                .setAttribute("event_idempotency.message_id", email.id().value())
                .setAttribute("event_idempotency.event_id", email.event().value())
                .startSpan();
    }

    static void failed(Span span, Exception failure) {
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage());
    }

    /** Reads the two stored fields as the W3C headers they were written from. */
    private enum StoredTrace implements TextMapGetter<TraceContext> {
        GETTER;

        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return TraceContext.HEADERS;
        }

        @Override
        public String get(TraceContext carrier, String key) {
            return carrier == null ? null : carrier.header(key);
        }
    }
}
