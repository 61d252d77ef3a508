package dev.eventidempotency.tooling.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The benchmark's results as tables on the console, and as CSV, JSON and a Mermaid chart in files. */
record BenchmarkReport(Machine machine, Map<String, Object> parameters, List<FlowResult> flows, List<FlowResult> instances,
        List<FlowResult> largeLedger, List<FlowResult> relay) {

    void printTo(PrintWriter out) {
        out.printf("%nMachine: %d cores, %d MiB, %s; %s, max heap %d MiB; PostgreSQL %s; kafka-clients %s%n",
                machine.cores(), machine.memoryMiB(), machine.os(), machine.jvm(), machine.maxHeapMiB(),
                machine.postgres(), machine.kafkaClients());
        out.printf("Parameters: %s%n%n", parameters);
        double note = rateOf("a-note");
        double baseline = rateOf("d-no-ledger");
        out.printf("%-44s %10s %8s %9s %9s %9s %9s %8s %8s %8s %8s %s%n", "flow (same records, each from offset 0)",
                "events/s", "x (a)", "x (d)", "p50 ms", "p99 ms", "per batch", "users", "counter", "ledger", "spans",
                "effects");
        for (FlowResult flow : flows) {
            out.printf(Locale.ROOT, "%-44s %10.0f %8.1f %9.2f %9.1f %9.1f %9.1f %8d %8d %8d %8d %s%n", flow.label(),
                    flow.eventsPerSecond(), flow.eventsPerSecond() / note, flow.eventsPerSecond() / baseline,
                    flow.p50Millis(), flow.p99Millis(), flow.eventsPerBatch(), flow.userRows(), flow.registrations(),
                    flow.ledgerRows(), flow.spans(), verdict(flow));
        }
        double tracingCost = 1 - rateOf("e-tracing-on") / rateOf("e-tracing-off");
        if (!Double.isNaN(tracingCost)) {
            out.printf(Locale.ROOT, "Tracing on costs %.1f %% of the events/s with tracing off%n", 100 * tracingCost);
        }
        if (!instances.isEmpty()) {
            FlowResult first = instances.get(0);
            out.printf("%n%-44s %9s %10s %10s %9s %9s %9s %8s %8s %8s %s%n", "service processes of one group, "
                    + parameters.get("instancePartitions") + " partitions", "instances", "events/s", "x " + first.instances(),
                    "p50 ms", "p99 ms", "processed", "skipped", "users", "ledger", "effects");
            for (FlowResult flow : instances) {
                out.printf(Locale.ROOT, "%-44s %9d %10.0f %10.2f %9.1f %9.1f %9d %8d %8d %8d %s%n", flow.label(),
                        flow.instances(), flow.eventsPerSecond(), flow.eventsPerSecond() / first.eventsPerSecond(),
                        flow.p50Millis(), flow.p99Millis(), flow.processed(), flow.duplicatesSkipped(), flow.userRows(),
                        flow.ledgerRows(), verdict(flow));
            }
            out.println("(p50 and p99: the worst instance's)");
        }
        if (!largeLedger.isEmpty()) {
            out.printf("%n%-44s %14s %10s %9s %9s %s%n", "batch mode with a full ledger", "ledger rows",
                    "events/s", "x empty", "p99 ms", "effects");
            double empty = rateOf(largeLedger.get(0).flow());
            for (FlowResult flow : largeLedger) {
                out.printf(Locale.ROOT, "%-44s %14d %10.0f %9.2f %9.1f %s%n", flow.label(), flow.ledgerRowsBefore(),
                        flow.eventsPerSecond(), flow.eventsPerSecond() / empty, flow.p99Millis(),
                        verdict(flow));
            }
        }
        for (FlowResult flow : relay) {
            out.printf("%n%-44s %10s %10s %9s %12s %s%n", "event relay (no consumer)", "rows", "events/s", "on topic",
                    "marked sent", "effects");
            out.printf(Locale.ROOT, "%-44s %10d %10.0f %9d %12d %s%n", flow.label(), flow.events(), flow.eventsPerSecond(),
                    flow.eventsOnTopic(), flow.eventsMarkedSent(), verdict(flow));
        }
        out.flush();
    }

    void writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        List<FlowResult> all = new ArrayList<>(flows);
        all.addAll(instances);
        all.addAll(largeLedger);
        all.addAll(relay);
        Files.writeString(directory.resolve("results.csv"), csv(all));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("parameters", parameters);
        json.put("results", all);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(directory.resolve("results.json").toFile(), json);
        Files.writeString(directory.resolve("chart.mmd"), mermaidChart());
    }

    /** A Mermaid bar chart of throughput per flow, the groups of instances last, for docs/performance.md. */
    String mermaidChart() {
        List<FlowResult> charted = new ArrayList<>(flows);
        charted.addAll(instances);
        return """
                xychart-beta
                    title "Events per second, same %s records (%s%% re-sent), %d cores"
                    x-axis [%s]
                    y-axis "events per second"
                    bar [%s]
                """.formatted(parameters.get("events"), parameters.get("duplicatePercent"), machine.cores(),
                charted.stream().map(flow -> "\"" + flow.flow() + "\"").collect(Collectors.joining(", ")),
                charted.stream().map(flow -> String.format(Locale.ROOT, "%.0f", flow.eventsPerSecond()))
                        .collect(Collectors.joining(", ")));
    }

    private double rateOf(String flowId) {
        return flows.stream().filter(flow -> flow.flow().equals(flowId)).mapToDouble(FlowResult::eventsPerSecond)
                .findFirst().orElse(Double.NaN);
    }

    private static String verdict(FlowResult flow) {
        if (!flow.countsAsExpected()) {
            return "WRONG";
        }
        if (flow.relayFlow()) {
            return "each row once";
        }
        return flow.exactlyOnceFlow() ? "exactly once" : "doubled " + (flow.userRows() - flow.distinct());
    }

    private static String csv(List<FlowResult> results) {
        StringBuilder csv = new StringBuilder("flow,label,batch_size,ledger_rows_before,events,distinct,span_ms,"
                + "events_per_second,p50_ms,p99_ms,duplicates_skipped,user_rows,registrations,ledger_rows,spans,"
                + "events_on_topic,events_marked_sent,batches,instances,processed,counts_as_expected\n");
        for (FlowResult flow : results) {
            csv.append(String.join(",", flow.flow(), "\"" + flow.label() + "\"", Integer.toString(flow.batchSize()),
                    Long.toString(flow.ledgerRowsBefore()), Integer.toString(flow.events()), Integer.toString(flow.distinct()),
                    Long.toString(flow.spanMillis()), String.format(Locale.ROOT, "%.1f", flow.eventsPerSecond()),
                    String.format(Locale.ROOT, "%.2f", flow.p50Millis()), String.format(Locale.ROOT, "%.2f", flow.p99Millis()),
                    Long.toString(flow.duplicatesSkipped()), Long.toString(flow.userRows()),
                    Long.toString(flow.registrations()), Long.toString(flow.ledgerRows()), Long.toString(flow.spans()),
                    Long.toString(flow.eventsOnTopic()), Long.toString(flow.eventsMarkedSent()),
                    Long.toString(flow.batches()), Integer.toString(flow.instances()), Long.toString(flow.processed()),
                    Boolean.toString(flow.countsAsExpected()))).append('\n');
        }
        return csv.toString();
    }
}
