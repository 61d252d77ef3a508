package dev.eventidempotency.tooling.demo;

import dev.eventidempotency.bootstrap.observability.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The demo's tracing: as the {@code OTEL_*} variables configure it when they name somewhere to send
 * spans, else caught in memory, so that the report can print one event's trace from its record to
 * its e-mail.
 */
final class DemoTrace implements AutoCloseable {

    private static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("event_idempotency.event_id");

    private final Tracing configured;
    private final Optional<OpenTelemetrySdk> inMemory;
    private final Queue<SpanData> caught = new ConcurrentLinkedQueue<>();

    private DemoTrace(Tracing configured) {
        this.configured = configured;
        this.inMemory = configured.enabled() ? Optional.empty() : Optional.of(OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(new Catcher())).build())
                .build());
    }

    static DemoTrace start() {
        return new DemoTrace(Tracing.fromEnvironment());
    }

    OpenTelemetry openTelemetry() {
        return inMemory.<OpenTelemetry>map(sdk -> sdk).orElse(configured.openTelemetry());
    }

    /** The spans from the first e-mail's send up to the record's {@code process} span, outermost first. */
    void printTo(PrintWriter out) {
        if (inMemory.isEmpty()) {
            out.println("Traces: exported as the OTEL_* variables configure");
            return;
        }
        Map<String, SpanData> bySpanId = caught.stream()
                .collect(Collectors.toMap(SpanData::getSpanId, Function.identity(), (first, second) -> first));
        Optional<SpanData> send = caught.stream().filter(span -> span.getName().equals("smtp send")).findFirst();
        if (send.isEmpty()) {
            out.println("Traces: no e-mail was sent, so there is no trace to show");
            return;
        }
        List<SpanData> chain = new ArrayList<>();
        for (SpanData span = send.get(); span != null; span = bySpanId.get(span.getParentSpanId())) {
            chain.add(0, span);
        }
        out.printf("The trace of event %s, from its record to its e-mail (trace %s, %d spans caught in all):%n",
                send.get().getAttributes().get(EVENT_ID), send.get().getTraceId(), caught.size());
        long start = chain.get(0).getStartEpochNanos();
        for (int depth = 0; depth < chain.size(); depth++) {
            SpanData span = chain.get(depth);
            out.printf("  %s%-" + (28 - 2 * depth) + "s at +%8.1f ms, %7.1f ms  %s%n", "  ".repeat(depth), span.getName(),
                    (span.getStartEpochNanos() - start) / 1e6, (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6,
                    span.getAttributes().asMap().entrySet().stream()
                            .filter(attribute -> !attribute.getKey().getKey().startsWith("server.")
                                    && !attribute.getKey().getKey().startsWith("network."))
                            .map(attribute -> attribute.getKey().getKey() + "=" + attribute.getValue())
                            .sorted().collect(Collectors.joining(" ")));
        }
    }

    @Override
    public void close() {
        inMemory.ifPresent(OpenTelemetrySdk::close);
        configured.close();
    }

    /** Keeps every finished span for the report. */
    private final class Catcher implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            caught.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
