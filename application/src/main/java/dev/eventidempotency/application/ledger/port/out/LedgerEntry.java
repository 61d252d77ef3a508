package dev.eventidempotency.application.ledger.port.out;

import java.time.Instant;
import java.util.Objects;

/** One row of {@code processed_events} as it is stored: verbatim text, so a report shows what is there. */
public record LedgerEntry(long id, String eventId, String serviceName, String topic, Instant processedAt) {

    public LedgerEntry {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(processedAt, "processedAt");
    }
}
