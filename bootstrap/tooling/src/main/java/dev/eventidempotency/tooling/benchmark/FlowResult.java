package dev.eventidempotency.tooling.benchmark;

/** What one flow did with the benchmark's records, and what it left in the database. */
record FlowResult(String flow, String label, int batchSize, long ledgerRowsBefore, int events, int distinct,
        long spanMillis, double eventsPerSecond, double p50Millis, double p99Millis, long duplicatesSkipped,
        long userRows, long registrations, long ledgerRows, long spans, boolean exactlyOnceFlow) {

    /** Exactly-once flows must show one effect per distinct event; the baseline shows every delivery. */
    boolean countsAsExpected() {
        long expected = exactlyOnceFlow ? distinct : events;
        return userRows == expected && registrations == expected && ledgerRows == (exactlyOnceFlow ? distinct : 0);
    }
}
