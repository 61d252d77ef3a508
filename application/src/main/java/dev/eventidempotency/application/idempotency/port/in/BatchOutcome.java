package dev.eventidempotency.application.idempotency.port.in;

import java.util.Optional;

/**
 * What processing a batch did. The first {@link #completed()} events of the batch are done
 * (committed or skipped as duplicates); if {@link #failure()} is present, the next event failed and
 * nothing from it onwards was committed.
 */
public record BatchOutcome(int processed, int skippedDuplicates, Optional<EventFailure> failure) {

    public static final BatchOutcome NOTHING = new BatchOutcome(0, 0, Optional.empty());

    public BatchOutcome {
        if (processed < 0 || skippedDuplicates < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    public int completed() {
        return processed + skippedDuplicates;
    }

    /** This outcome followed by the outcome of the events after it. */
    public BatchOutcome then(BatchOutcome next) {
        return new BatchOutcome(processed + next.processed, skippedDuplicates + next.skippedDuplicates, next.failure);
    }

    public static BatchOutcome failedAtFirst(EventFailure failure) {
        return new BatchOutcome(0, 0, Optional.of(failure));
    }
}
