package dev.eventidempotency.bootstrap.guarantees;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What a failure case did to the service, and the duplicates the service reported skipping, for the figures. */
public final class Disruptions {

    private final AtomicInteger kills = new AtomicInteger();
    private final AtomicInteger rebalances = new AtomicInteger();
    private final AtomicInteger rewinds = new AtomicInteger();
    private final AtomicInteger outages = new AtomicInteger();
    private final AtomicLong duplicatesSkipped = new AtomicLong();

    public void killed() {
        kills.incrementAndGet();
    }

    public void rebalanced() {
        rebalances.incrementAndGet();
    }

    public void rewound() {
        rewinds.incrementAndGet();
    }

    public void outage() {
        outages.incrementAndGet();
    }

    /** Adds duplicates one instance (a thread's listener or a process's log) reported skipping. */
    public void skipped(long duplicates) {
        duplicatesSkipped.addAndGet(duplicates);
    }

    public int kills() {
        return kills.get();
    }

    public int rebalances() {
        return rebalances.get();
    }

    public int rewinds() {
        return rewinds.get();
    }

    public int outages() {
        return outages.get();
    }

    public long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }
}
