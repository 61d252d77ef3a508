package dev.eventidempotency.adapter.kafka.outbox;

import dev.eventidempotency.adapter.kafka.KafkaHeaders;
import dev.eventidempotency.application.outbox.port.out.TraceContext;
import dev.eventidempotency.domain.outbox.OutgoingEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The span of one publish (kind PRODUCER, after the OpenTelemetry messaging conventions), a child of
 * the trace context stored with the event, and that span's context in the record's W3C headers
 * ({@code traceparent}, {@code tracestate}): the next service's consumer span joins the trace of the
 * event that caused this one. Untraced ({@link OpenTelemetry#noop()}), the stored context itself goes
 * into the headers, so the chain is not cut where this service records no spans.
 */
final class PublishSpans {

    static final String INSTRUMENTATION = "dev.eventidempotency.adapter.kafka.outbox";

    private final Tracer tracer;

    PublishSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
    }

    /**
     * Starts the span, a child of the stored context (put on the record as the headers it was read from),
     * and writes the span's context into the record's headers in their place.
     */
    Span start(OutgoingEvent event, TraceContext trace, ProducerRecord<byte[], byte[]> record) {
        TraceContext.HEADERS.stream().filter(name -> trace.header(name) != null)
                .forEach(name -> KafkaHeaders.CARRIER.set(record.headers(), name, trace.header(name)));
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), record.headers(),
                KafkaHeaders.CARRIER);
        TraceContext.HEADERS.forEach(record.headers()::remove);
        Span span = tracer.spanBuilder("send " + event.topic().value()).setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.operation.name", "send")
                .setAttribute("messaging.destination.name", event.topic().value())
                .setAttribute("messaging.kafka.message.key", event.key())
                .setAttribute("messaging.message.id", event.id().value())
                .startSpan();
        // W3C whatever propagators are configured: the template's consumers read it, as most Kafka clients do.
        W3CTraceContextPropagator.getInstance().inject(parent.with(span), record.headers(), KafkaHeaders.CARRIER);
        return span;
    }

    static void acknowledged(Span span, RecordMetadata acknowledged) {
        span.setAttribute("messaging.destination.partition.id", Integer.toString(acknowledged.partition()));
        span.setAttribute("messaging.kafka.offset", acknowledged.offset());
    }

    static void failed(Span span, Exception failure) {
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage());
    }
}
