package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.domain.idempotency.ServiceName;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer's spans, after the OpenTelemetry messaging conventions: one {@code process} span (kind
 * CONSUMER) for a partition's records of one poll, linked to the trace context each record carries in
 * its headers ({@code traceparent}, {@code tracestate} with the default propagators). A lone record's
 * context is its parent too, so its trace goes on through the unit of work to the e-mail; records of
 * many traces cannot all be parents, so a batch starts a trace of its own that links to theirs.
 */
final class ConsumerTracing {

    static final String INSTRUMENTATION = "dev.eventidempotency.adapter.kafka";
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<Long> MESSAGE_COUNT = AttributeKey.longKey("messaging.batch.message_count");

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final String group;

    ConsumerTracing(OpenTelemetry openTelemetry, ServiceName group) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.group = group.value();
    }

    /** Starts the span and makes it current on this thread until {@link ProcessSpan#close()}. */
    ProcessSpan start(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
        SpanBuilder span = tracer.spanBuilder("process " + partition.topic()).setSpanKind(SpanKind.CONSUMER)
                .setNoParent()
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(OPERATION_NAME, "process")
                .setAttribute(DESTINATION, partition.topic())
                .setAttribute(PARTITION, Integer.toString(partition.partition()))
                .setAttribute(GROUP, group)
                .setAttribute(OFFSET, records.get(0).offset());
        if (records.size() > 1) {
            span.setAttribute(MESSAGE_COUNT, (long) records.size());
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            SpanContext sent = Span.fromContext(propagator.extract(Context.root(), record.headers(), KafkaHeaders.CARRIER))
                    .getSpanContext();
            if (sent.isValid()) {
                span.addLink(sent, Attributes.of(OFFSET, record.offset()));
                if (records.size() == 1) {
                    span.setParent(Context.root().with(Span.wrap(sent)));
                }
            }
        }
        return new ProcessSpan(span.startSpan());
    }
}
