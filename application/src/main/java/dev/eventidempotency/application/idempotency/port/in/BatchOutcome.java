package dev.eventidempotency.application.idempotency.port.in;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What processing a batch did. The first {@link #completed()} events of the batch are done:
 * committed, skipped as duplicates, or (at the positions in {@link #payloadConflicts()}) refused as
 * conflicts, to be set aside by the caller. If {@link #failure()} is present, the next event failed
 * and nothing from it onwards was committed.
 */
public record BatchOutcome(int processed, int skippedDuplicates, List<Integer> payloadConflicts,
        Optional<EventFailure> failure) {

    public static final BatchOutcome NOTHING = new BatchOutcome(0, 0, List.of(), Optional.empty());

    public BatchOutcome {
        if (processed < 0 || skippedDuplicates < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        payloadConflicts = List.copyOf(payloadConflicts);
    }

    public static BatchOutcome completed(int processed, int skippedDuplicates, List<Integer> payloadConflicts) {
        return new BatchOutcome(processed, skippedDuplicates, payloadConflicts, Optional.empty());
    }

    public static BatchOutcome failedAtFirst(EventFailure failure) {
        return new BatchOutcome(0, 0, List.of(), Optional.of(failure));
    }

    public int completed() {
        return processed + skippedDuplicates + payloadConflicts.size();
    }

    /** This outcome with its failure marked as the event's own (see {@link EventFailure#othersSucceeded()}). */
    public BatchOutcome withFailureProvenEventsOwn() {
        return new BatchOutcome(processed, skippedDuplicates, payloadConflicts, failure.map(EventFailure::withOthersSucceeded));
    }

    /** This outcome followed by the outcome of the events after it. */
    public BatchOutcome then(BatchOutcome next) {
        List<Integer> conflicts = new ArrayList<>(payloadConflicts);
        next.payloadConflicts.forEach(position -> conflicts.add(completed() + position));
        return new BatchOutcome(processed + next.processed, skippedDuplicates + next.skippedDuplicates, conflicts,
                next.failure);
    }
}
