package dev.eventidempotency.tooling.benchmark;

/**
 * What one service process reports on {@code /metrics} about its listener: the counts that show
 * exactly-once across the group when summed, and its delivery-to-commit latency.
 */
record InstanceMetrics(long processed, long duplicatesSkipped, long committed, double p50Millis, double p99Millis) {

    private static final String PREFIX = "event_idempotency_";
    private static final String LATENCY = PREFIX + "delivery_to_commit_seconds";

    /** Reads the Prometheus text format the service's {@code ManagementServer} answers with. */
    static InstanceMetrics parse(String scrape) {
        return new InstanceMetrics(
                (long) sample(scrape, PREFIX + "events_processed_total", ""),
                (long) sample(scrape, PREFIX + "duplicates_skipped_total", ""),
                (long) sample(scrape, PREFIX + "records_committed_total", ""),
                sample(scrape, LATENCY, "quantile=\"0.5\"") * 1_000,
                sample(scrape, LATENCY, "quantile=\"0.99\"") * 1_000);
    }

    /** The value of the first sample named {@code name} whose labels contain {@code label}. */
    private static double sample(String scrape, String name, String label) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no sample " + name + " " + label + " in the metrics"));
    }
}
