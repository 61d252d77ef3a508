package dev.eventidempotency.bootstrap.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How many events share a unit of work. */
public enum ProcessingMode {
    /** One unit of work per partition's batch, claimed with one set-based statement: the default. */
    BATCH,
    /** One unit of work per event: the baseline, and simpler to reason about when a handler misbehaves. */
    PER_EVENT;

    /** {@code batch} or {@code per-event}, as the setting is written. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ProcessingMode fromLabel(String label) {
        return Arrays.stream(values()).filter(mode -> mode.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected one of "
                        + Arrays.stream(values()).map(ProcessingMode::label).collect(Collectors.joining(", "))
                        + ", was '" + label + "'"));
    }
}
