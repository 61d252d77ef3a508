package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import java.util.concurrent.atomic.AtomicLong;

/** What the listener has done since it started; read by reports and tests while it runs. */
public final class ListenerStatistics {

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    void recordDelivered() {
        delivered.incrementAndGet();
    }

    void record(BatchOutcome outcome) {
        processed.addAndGet(outcome.processed());
        duplicatesSkipped.addAndGet(outcome.skippedDuplicates());
    }

    void recordDeadLettered() {
        deadLettered.incrementAndGet();
    }

    void recordRetry() {
        retries.incrementAndGet();
    }

    /** Records handed to the listener by {@code poll}, redeliveries after a retry included. */
    public long delivered() {
        return delivered.get();
    }

    public long processed() {
        return processed.get();
    }

    public long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Failed attempts that were rolled back and will be tried again. */
    public long retries() {
        return retries.get();
    }
}
