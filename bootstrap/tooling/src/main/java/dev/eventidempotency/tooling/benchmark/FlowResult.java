package dev.eventidempotency.tooling.benchmark;

/**
 * What one flow did with the benchmark's records, and what it left in the database. The event relay's
 * flow consumes nothing: it publishes {@code events} outbox rows, and counts what the topic then holds
 * and how many rows are marked sent. A flow of service processes has {@code instances} of them, and
 * {@code processed} is the sum of what they report.
 */
record FlowResult(String flow, String label, int batchSize, long ledgerRowsBefore, int events, int distinct,
        long spanMillis, double eventsPerSecond, double p50Millis, double p99Millis, long duplicatesSkipped,
        long userRows, long registrations, long ledgerRows, long spans, boolean exactlyOnceFlow,
        boolean relayFlow, long eventsOnTopic, long eventsMarkedSent, int instances, long processed, long batches) {

    /** A consuming flow's result; {@code batches}: how many the listener handed to the use case. */
    FlowResult(String flow, String label, int batchSize, long ledgerRowsBefore, int events, int distinct,
            long spanMillis, double eventsPerSecond, double p50Millis, double p99Millis, long duplicatesSkipped,
            long userRows, long registrations, long ledgerRows, long spans, boolean exactlyOnceFlow, long batches) {
        this(flow, label, batchSize, ledgerRowsBefore, events, distinct, spanMillis, eventsPerSecond, p50Millis, p99Millis,
                duplicatesSkipped, userRows, registrations, ledgerRows, spans, exactlyOnceFlow, false, 0, 0, 0, 0, batches);
    }

    /** The event relay's result: {@code rows} published, one claim and one mark per batch of rows. */
    static FlowResult relay(String flow, String label, int rows, long spanMillis, double eventsPerSecond, long eventsOnTopic,
            long eventsMarkedSent) {
        return new FlowResult(flow, label, 1, 0, rows, rows, spanMillis, eventsPerSecond, 0, 0, 0, 0, 0, 0, 0, true, true,
                eventsOnTopic, eventsMarkedSent, 0, 0, 0);
    }

    /** A group of {@code instances} service processes' result: latencies are the worst instance's. */
    static FlowResult ofInstances(String flow, String label, int batchSize, int instances, int events, int distinct,
            long spanMillis, double eventsPerSecond, double p50Millis, double p99Millis, long processed,
            long duplicatesSkipped, long userRows, long registrations, long ledgerRows) {
        return new FlowResult(flow, label, batchSize, 0, events, distinct, spanMillis, eventsPerSecond, p50Millis, p99Millis,
                duplicatesSkipped, userRows, registrations, ledgerRows, 0, true, false, 0, 0, instances, processed, 0);
    }

    /** Records per batch handed to the use case: in batch mode, per transaction; 0 where not counted. */
    double eventsPerBatch() {
        return batches == 0 ? 0 : (double) events / batches;
    }

    /**
     * Exactly-once flows must show one effect per distinct event; the baseline shows every delivery; the
     * relay one record on the topic per row, every row marked sent; a group of instances, between them,
     * each distinct event processed once and every other record skipped.
     */
    boolean countsAsExpected() {
        if (relayFlow) {
            return eventsOnTopic == events && eventsMarkedSent == events;
        }
        if (instances > 0 && (processed != distinct || processed + duplicatesSkipped < events)) {
            return false;
        }
        long expected = exactlyOnceFlow ? distinct : events;
        return userRows == expected && registrations == expected && ledgerRows == (exactlyOnceFlow ? distinct : 0);
    }
}
