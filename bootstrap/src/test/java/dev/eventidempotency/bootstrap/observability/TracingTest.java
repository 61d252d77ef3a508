package dev.eventidempotency.bootstrap.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingTest {

    @Test
    void withNowhereToSendSpansNoSdkIsBuilt() {
        try (Tracing tracing = Tracing.from(Map.<String, String>of()::get)) {
            assertThat(tracing.enabled()).isFalse();
            assertThat(tracing.openTelemetry()).isSameAs(OpenTelemetry.noop());
        }
    }

    @Test
    void anOtlpEndpointOrANamedExporterTurnsTracingOn() {
        assertThat(Tracing.enabled(Map.of("otel.exporter.otlp.endpoint", "http://collector:4318")::get)).isTrue();
        assertThat(Tracing.enabled(Map.of("otel.exporter.otlp.traces.endpoint", "http://collector:4318")::get)).isTrue();
        assertThat(Tracing.enabled(Map.of("otel.traces.exporter", "otlp")::get)).isTrue();
    }

    @Test
    void noneOrADisabledSdkKeepsItOffWhateverTheEndpoint() {
        assertThat(Tracing.enabled(Map.of("otel.traces.exporter", "none",
                "otel.exporter.otlp.endpoint", "http://collector:4318")::get)).isFalse();
        assertThat(Tracing.enabled(Map.of("otel.sdk.disabled", "true",
                "otel.exporter.otlp.endpoint", "http://collector:4318")::get)).isFalse();
    }

    @Test
    void anEndpointBuildsTheSdkFromTheVariables() {
        try (Tracing tracing = Tracing.from(Map.of("otel.exporter.otlp.endpoint", "http://127.0.0.1:1")::get)) {
            assertThat(tracing.enabled()).isTrue();
            assertThat(tracing.openTelemetry().getTracer("test").spanBuilder("span").startSpan().isRecording()).isTrue();
        }
    }
}
