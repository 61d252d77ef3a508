package dev.eventidempotency.bootstrap.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which envelope the records of the events topic come in. */
public enum EventFormat {
    /** The service's own JSON envelope ({@code eventId}, {@code type}, {@code occurredAt}, {@code payload}): the default. */
    NATIVE,
    /** CloudEvents in the Kafka binding's binary or structured mode; any other record is dead-lettered. */
    CLOUDEVENTS,
    /** Per record: a CloudEvent when it carries a {@code ce_*} header or a CloudEvents content type, else native. */
    AUTO;

    /** {@code native}, {@code cloudevents} or {@code auto}, as the setting is written. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventFormat fromLabel(String label) {
        return Arrays.stream(values()).filter(format -> format.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected one of "
                        + Arrays.stream(values()).map(EventFormat::label).collect(Collectors.joining(", "))
                        + ", was '" + label + "'"));
    }
}
