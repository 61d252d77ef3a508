package dev.eventidempotency.application.ledger.port.out;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the broker says about a topic: {@code retention.ms} (empty when records are kept forever:
 * {@code -1}, or a compacted topic), {@code segment.ms}, and the broker's
 * {@code offsets.retention.minutes}.
 */
public record LogRetention(Optional<Duration> records, Duration segmentRoll, Duration groupOffsets) {

    public LogRetention {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(segmentRoll, "segmentRoll");
        Objects.requireNonNull(groupOffsets, "groupOffsets");
    }

    /**
     * How long a record can still be read after it was published. Kafka deletes whole segments, and
     * a segment only once its newest record is older than {@code retention.ms}; a segment is closed at
     * the latest {@code segment.ms} after its first record. So the oldest record of a segment stays up
     * to {@code retention.ms + segment.ms}. Empty: forever.
     */
    public Optional<Duration> replayHorizon() {
        return records.map(retention -> retention.plus(segmentRoll));
    }
}
