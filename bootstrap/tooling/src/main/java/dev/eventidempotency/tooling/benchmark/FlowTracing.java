package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.adapter.postgres.TracedUnitOfWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OpenTelemetry a flow runs with. {@code NOT_WIRED}: the unit of work undecorated, as before
 * tracing existed; {@code OFF}: wired as the service is with no exporter set, the API's no-op;
 * {@code ON}: the SDK as autoconfiguration builds it (W3C propagators, a batch span processor) with an
 * exporter that counts spans and drops them: what a team with an OTLP endpoint pays, but the network.
 */
final class FlowTracing implements AutoCloseable {

    private final Flow.Tracing mode;
    private final AtomicLong exported = new AtomicLong();
    private final Optional<OpenTelemetrySdk> sdk;

    FlowTracing(Flow.Tracing mode) {
        this.mode = mode;
        this.sdk = mode == Flow.Tracing.ON ? Optional.of(OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(BatchSpanProcessor.builder(new CountingExporter()).build()).build())
                .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
                .build()) : Optional.empty();
    }

    OpenTelemetry openTelemetry() {
        return sdk.<OpenTelemetry>map(on -> on).orElse(OpenTelemetry.noop());
    }

    UnitOfWork around(UnitOfWork unitOfWork) {
        return mode == Flow.Tracing.NOT_WIRED ? unitOfWork : new TracedUnitOfWork(unitOfWork, openTelemetry());
    }

    /** The spans exported so far, once those still queued are flushed. */
    long spansExported() {
        sdk.ifPresent(on -> on.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS));
        return exported.get();
    }

    @Override
    public void close() {
        sdk.ifPresent(OpenTelemetrySdk::close);
    }

    private final class CountingExporter implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            exported.addAndGet(spans.size());
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
