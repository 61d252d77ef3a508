package dev.eventidempotency.application.ledger.port.in;

import java.time.Instant;

/** Where a replay begins: at the first record published at or after a time, or at an offset. */
public sealed interface ReplayStart {

    record AtTime(Instant time) implements ReplayStart {
    }

    record AtOffset(long offset) implements ReplayStart {

        public AtOffset {
            if (offset < 0) {
                throw new IllegalArgumentException("offset must be 0 or more, was " + offset);
            }
        }
    }
}
