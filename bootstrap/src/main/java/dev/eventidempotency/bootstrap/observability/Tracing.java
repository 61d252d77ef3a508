package dev.eventidempotency.bootstrap.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The OpenTelemetry the service traces with, configured by the SDK's autoconfiguration from the
 * standard {@code OTEL_*} variables (or {@code otel.*} system properties). Tracing is on once there
 * is somewhere to send spans: an OTLP endpoint ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) or a named exporter ({@code OTEL_TRACES_EXPORTER}
 * other than {@code none}); {@code OTEL_SDK_DISABLED=true} turns it off. Otherwise no SDK is built,
 * every span is the API's no-op, and tracing costs nothing. Metrics and logs are not exported by
 * default: the service's metrics are on {@code /metrics}.
 */
public final class Tracing implements AutoCloseable {

    /** Defaults below the variables: the variables win. */
    private static final Map<String, String> DEFAULTS = Map.of(
            "otel.service.name", "event-idempotency",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none");

    private final OpenTelemetry openTelemetry;
    private final Optional<OpenTelemetrySdk> sdk;

    private Tracing(OpenTelemetry openTelemetry, Optional<OpenTelemetrySdk> sdk) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
    }

    public static Tracing fromEnvironment() {
        return from(name -> Optional.ofNullable(System.getProperty(name))
                .orElseGet(() -> System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_'))));
    }

    /** {@code settings} answers a property name ({@code otel.traces.exporter}) with its value, or null. */
    static Tracing from(UnaryOperator<String> settings) {
        if (!enabled(settings)) {
            return new Tracing(OpenTelemetry.noop(), Optional.empty());
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> DEFAULTS)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        return new Tracing(sdk, Optional.of(sdk));
    }

    static boolean enabled(UnaryOperator<String> settings) {
        if ("true".equalsIgnoreCase(settings.apply("otel.sdk.disabled"))) {
            return false;
        }
        String exporter = settings.apply("otel.traces.exporter");
        if (exporter != null && !exporter.isBlank()) {
            return !exporter.trim().equalsIgnoreCase("none");
        }
        return isSet(settings.apply("otel.exporter.otlp.endpoint"))
                || isSet(settings.apply("otel.exporter.otlp.traces.endpoint"));
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    public boolean enabled() {
        return sdk.isPresent();
    }

    /** Exports the spans still buffered and stops the SDK. */
    @Override
    public void close() {
        sdk.ifPresent(OpenTelemetrySdk::close);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
