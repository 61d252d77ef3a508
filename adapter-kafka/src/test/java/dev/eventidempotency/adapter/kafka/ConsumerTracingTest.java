package dev.eventidempotency.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.domain.idempotency.ServiceName;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ConsumerTracingTest {

    private static final TopicPartition PARTITION = new TopicPartition("events", 2);
    private static final String TRACE_A = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACE_B = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetry openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final ConsumerTracing tracing = new ConsumerTracing(openTelemetry, new ServiceName("group"));

    @Test
    void aLoneRecordsSpanIsAChildOfItsContextAndLinksToIt() {
        try (ProcessSpan span = tracing.start(PARTITION, List.of(record(5, TRACE_A)))) {
            span.completed(BatchOutcome.completed(1, 0, List.of()));
        }

        SpanData process = spans.getFinishedSpanItems().get(0);
        assertThat(process.getTraceId()).isEqualTo(TRACE_A);
        assertThat(process.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(process.getLinks()).hasSize(1);
        assertThat(process.getAttributes().get(ProcessSpan.OUTCOME)).containsExactly("processed");
    }

    @Test
    void aBatchStartsATraceOfItsOwnLinkedToEachRecordsContext() {
        try (ProcessSpan span = tracing.start(PARTITION, List.of(record(5, TRACE_A), record(6, null), record(7, TRACE_B)))) {
            span.completed(BatchOutcome.completed(1, 2, List.of()));
        }

        SpanData process = spans.getFinishedSpanItems().get(0);
        assertThat(process.getParentSpanId()).isEqualTo(SpanId.getInvalid());
        assertThat(process.getTraceId()).isNotIn(TRACE_A, TRACE_B);
        assertThat(process.getLinks()).extracting(link -> link.getSpanContext().getTraceId()).containsExactly(TRACE_A, TRACE_B);
        assertThat(process.getLinks()).extracting(link -> link.getAttributes().get(ConsumerTracing.OFFSET))
                .containsExactly(5L, 7L);
        assertThat(process.getAttributes().get(ProcessSpan.OUTCOME)).containsExactly("processed", "duplicate_skipped");
        assertThat(process.getAttributes().get(ConsumerTracing.MESSAGE_COUNT)).isEqualTo(3L);
    }

    @Test
    void logLinesNameTheTraceWhileTheRecordsAreInHand() {
        String traceId;
        try (ProcessSpan span = tracing.start(PARTITION, List.of(record(5, TRACE_A)))) {
            traceId = MDC.get(ProcessSpan.TRACE_ID);
        }

        assertThat(traceId).isEqualTo(TRACE_A);
        assertThat(MDC.get(ProcessSpan.TRACE_ID)).isNull();
    }

    @Test
    void untracedNothingIsPutInTheLoggingContext() {
        ConsumerTracing off = new ConsumerTracing(OpenTelemetry.noop(), new ServiceName("group"));

        try (ProcessSpan span = off.start(PARTITION, List.of(record(5, TRACE_A)))) {
            assertThat(MDC.get(ProcessSpan.TRACE_ID)).isNull();
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String traceId) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset, null,
                "{}".getBytes(StandardCharsets.UTF_8));
        if (traceId != null) {
            record.headers().add("traceparent", ("00-" + traceId + "-b7ad6b7169203331-01").getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
