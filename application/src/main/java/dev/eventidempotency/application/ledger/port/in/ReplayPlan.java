package dev.eventidempotency.application.ledger.port.in;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Per partition, the committed offset before the rewind (empty: none) and the offset it now starts at. */
public record ReplayPlan(SortedMap<Integer, Move> moves) {

    public record Move(Optional<Long> from, long to) {
    }

    public ReplayPlan {
        moves = new TreeMap<>(moves);
    }

    public static ReplayPlan of(Map<Integer, Move> moves) {
        return new ReplayPlan(new TreeMap<>(moves));
    }
}
