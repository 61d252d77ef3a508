package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.adapter.kafka.BatchGathering;
import dev.eventidempotency.adapter.kafka.KafkaTopics;
import dev.eventidempotency.bootstrap.config.ServiceOptions;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.tooling.demo.SelfContainedServers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Measures every flow side by side over the same records: the note's check-then-act, claim-first
 * per event, batch mode at several sizes, the at-least-once baseline with no ledger, batch mode
 * traced with tracing off and on, and per event with key lanes over Zipf-spread keys; then batch mode in one and
 * in several service processes of one group; then batch mode again with a ledger that already holds millions
 * of rows; then the event relay, publishing outbox rows to Kafka.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, subcommands = RebalancePauseCommand.class,
        description = {
                "Publishes N UserCreated records (D% of them re-sent) once, then consumes them from offset 0 with",
                "each flow in turn, through the production listener, each with an empty schema and a consumer group of",
                "its own. Prints tables and writes results.csv, results.json and chart.mmd (a Mermaid chart). Without",
                "KAFKA_BOOTSTRAP_SERVERS it starts a local Kafka broker. Run it on a quiet machine: see docs/performance.md.",
                "Then service processes of one group (1, then 3 by default) consume them from a topic of "
                        + InstancesFlow.PARTITIONS + " partitions; the event",
                "relay publishes N pending outbox rows, for its rate.",
                "'benchmark rebalance' measures instead the pause a member's joining or leaving costs the group."})
public final class BenchmarkCommand implements Callable<Integer> {

    private static final String SCHEMA = "benchmark";
    private static final int PARTITIONS = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions options;

    @Option(names = "--benchmark-events", paramLabel = "N", defaultValue = "20000",
            description = "Records to publish, re-sent ones included. Env: BENCHMARK_EVENTS. Default: ${DEFAULT-VALUE}.")
    int events;

    @Option(names = "--benchmark-duplicate-percent", paramLabel = "D", defaultValue = "10",
            description = "Share of records that re-send an earlier event. Env: BENCHMARK_DUPLICATE_PERCENT. "
                    + "Default: ${DEFAULT-VALUE}.")
    int duplicatePercent;

    @Option(names = "--benchmark-batch-sizes", paramLabel = "N,N...", split = ",", defaultValue = "100,500,2000",
            description = "Batch sizes (max.poll.records) for batch mode. Env: BENCHMARK_BATCH_SIZES. Default: ${DEFAULT-VALUE}.")
    List<Integer> batchSizes;

    @Option(names = "--benchmark-ledger-rows", paramLabel = "N,N...", split = ",", defaultValue = "1000000,10000000",
            description = "Ledger sizes to pre-fill for the second table (0 skips it). Env: BENCHMARK_LEDGER_ROWS. "
                    + "Default: ${DEFAULT-VALUE}.")
    List<Long> ledgerRows;

    @Option(names = "--benchmark-flows", paramLabel = "X,Y...", split = ",", defaultValue = "all",
            description = "The flows to run, by letter (a,b,c,...), or all; a long run of one flow is what a profile "
                    + "wants. Env: BENCHMARK_FLOWS. Default: ${DEFAULT-VALUE}.")
    List<String> flowLetters;

    @Option(names = "--benchmark-relay-events", paramLabel = "N", defaultValue = "20000",
            description = "Pending event outbox rows the event relay publishes, for its rate (0 skips it). "
                    + "Env: BENCHMARK_RELAY_EVENTS. Default: ${DEFAULT-VALUE}.")
    int relayEvents;

    @Option(names = "--benchmark-key-concurrency", paramLabel = "N,N...", split = ",", defaultValue = "8,16",
            description = "KEY_CONCURRENCY of the per-event flows by key (0 skips them). Env: BENCHMARK_KEY_CONCURRENCY. "
                    + "Default: ${DEFAULT-VALUE}.")
    List<Integer> keyConcurrencies;

    @Option(names = "--benchmark-keys", paramLabel = "N", defaultValue = "1000",
            description = "Record keys of the flows by key, Zipf-spread (exponent 1). Env: BENCHMARK_KEYS. "
                    + "Default: ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--benchmark-trickle-rate", paramLabel = "N", defaultValue = "2000",
            description = "Records per second of the trickle flows (i), which publish at most 10 s of them while "
                    + "consuming (0 skips them). Env: BENCHMARK_TRICKLE_RATE. Default: ${DEFAULT-VALUE}.")
    int trickleRate;

    @Option(names = "--benchmark-gather-waits", paramLabel = "MS,MS...", split = ",", defaultValue = "0,50",
            description = "BATCH_GATHER_WAIT of each trickle flow, in ms (0: not gathered). Env: BENCHMARK_GATHER_WAITS. "
                    + "Default: ${DEFAULT-VALUE}.")
    List<Integer> gatherWaits;

    @Option(names = "--benchmark-warmup-events", paramLabel = "N", defaultValue = "5000",
            description = "Records of a topic of their own that each flow consumes first, unmeasured, so that it is "
                    + "measured compiled, as a service that has run a while (0 skips it). Env: BENCHMARK_WARMUP_EVENTS. "
                    + "Default: ${DEFAULT-VALUE}.")
    int warmupEvents;

    @Option(names = "--benchmark-instances", paramLabel = "N,N...", split = ",", defaultValue = "1,3",
            description = "Service processes of one group for the flows of instances, over the same records on "
                    + InstancesFlow.PARTITIONS + " partitions (0 skips them). Env: BENCHMARK_INSTANCES. "
                    + "Default: ${DEFAULT-VALUE}.")
    List<Integer> instanceCounts;

    @Option(names = "--benchmark-output", paramLabel = "DIR", defaultValue = "target/benchmark",
            description = "Where the CSV, JSON and chart files go. Env: BENCHMARK_OUTPUT. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (instanceCounts.stream().anyMatch(count -> count < 0 || count > InstancesFlow.PARTITIONS)) {
            throw new ParameterException(spec.commandLine(), "--benchmark-instances must each be from 0 to "
                    + InstancesFlow.PARTITIONS + ", the partitions they share");
        }
        if (relayEvents < 0 || warmupEvents < 0 || trickleRate < 0
                || gatherWaits.stream().anyMatch(wait -> wait < 0 || wait > BatchGathering.LONGEST_WAIT.toMillis())) {
            throw new ParameterException(spec.commandLine(), "--benchmark-relay-events, --benchmark-warmup-events "
                    + "and --benchmark-trickle-rate must be 0 or more, each gather wait from 0 to "
                    + BatchGathering.LONGEST_WAIT.toMillis() + " ms");
        }
        if (events < 10 || duplicatePercent < 0 || duplicatePercent > 90 || batchSizes.stream().anyMatch(size -> size < 1)) {
            throw new ParameterException(spec.commandLine(), "--benchmark-events must be at least 10, "
                    + "--benchmark-duplicate-percent from 0 to 90, and every batch size at least 1");
        }
        if (batchSizes.stream().distinct().count() < batchSizes.size()) {
            // A flow's consumer group is named by its batch size: a second flow would find nothing left to consume.
            throw new ParameterException(spec.commandLine(), "--benchmark-batch-sizes must not repeat a size");
        }
        PrintWriter out = spec.commandLine().getOut();
        Optional<SelfContainedServers> servers =
                SelfContainedServers.start(options, SCHEMA, "benchmark", out, spec.commandLine().getErr());
        if (servers.isEmpty()) {
            return 1;
        }
        try (SelfContainedServers running = servers.get()) {
            BenchmarkReport report = measure(running.settings(), out);
            report.printTo(out);
            report.writeTo(output);
            out.printf("%nWrote %s, %s and %s%n", output.resolve("results.csv"), output.resolve("results.json"),
                    output.resolve("chart.mmd"));
            boolean allAsExpected = report.flows().stream().allMatch(FlowResult::countsAsExpected)
                    && report.instances().stream().allMatch(FlowResult::countsAsExpected)
                    && report.largeLedger().stream().allMatch(FlowResult::countsAsExpected)
                    && report.relay().stream().allMatch(FlowResult::countsAsExpected);
            return allAsExpected ? 0 : 1;
        }
    }

    /** The same records keyed by a Zipf spread over {@code keys} accounts, on a topic of their own; per-event first. */
    private List<FlowResult> byKey(ServiceSettings settings, DemoEventStream stream, String runId, int pollSize,
            PrintWriter out) throws Exception {
        List<FlowResult> results = new ArrayList<>();
        if (keyConcurrencies.stream().noneMatch(concurrency -> concurrency > 1) || !chosen("g")) {
            return results;
        }
        ServiceSettings byAccount = settings.withTopic(new TopicName(settings.topic().value() + "-by-account"));
        KafkaTopics.createIfMissing(settings.kafkaConnection(), byAccount.topic().value(), PARTITIONS);
        ZipfKeys spread = new ZipfKeys(keys, 20261204);
        spread.publish(stream, settings.kafkaConnection(), byAccount.topic().value());
        out.printf("Published them again to %s keyed by %d accounts (Zipf, the hottest %.0f%% of records)%n",
                byAccount.topic(), keys, spread.hottestShare() * 100);
        out.flush();
        FlowRunner runner = new FlowRunner(byAccount, runId + "k", events, stream.distinct());
        for (Flow flow : byKeyFlows(pollSize)) {
            results.add(runner.run(flow, 0));
        }
        return results;
    }

    /**
     * Batch mode over records published at {@code --benchmark-trickle-rate} while it consumes, once per gather
     * wait: a poll then brings a few records, and gathering decides how many go into one transaction.
     */
    private List<FlowResult> trickle(ServiceSettings settings, String runId, int batchSize, PrintWriter out)
            throws Exception {
        List<FlowResult> results = new ArrayList<>();
        if (trickleRate == 0 || !chosen("i")) {
            return results;
        }
        int count = (int) Math.min(events, 10L * trickleRate);
        DemoEventStream stream = DemoEventStream.of(count, count * duplicatePercent / 100, 20261206);
        for (Flow flow : trickleFlows(batchSize)) {
            // A topic per flow: each flow's records arrive while it consumes.
            ServiceSettings trickling = settings.withTopic(new TopicName(settings.topic().value() + "-" + flow.id()));
            KafkaTopics.createIfMissing(settings.kafkaConnection(), trickling.topic().value(), PARTITIONS);
            out.printf("Publishing %d records to %s at %d/s while %s consumes them%n", count, trickling.topic(),
                    trickleRate, flow.label());
            out.flush();
            results.add(new FlowRunner(trickling, runId + "t", count, stream.distinct()).run(flow, 0,
                    new TricklePublisher(stream, settings.kafkaConnection(), trickling.topic().value(), trickleRate)));
        }
        return results;
    }

    private List<Flow> trickleFlows(int batchSize) {
        return gatherWaits.stream().map(wait -> Flow.trickle(batchSize, trickleRate, Duration.ofMillis(wait))).toList();
    }

    private boolean chosen(String letter) {
        return flowLetters.contains("all") || flowLetters.contains(letter);
    }

    private List<Flow> byKeyFlows(int pollSize) {
        return keyConcurrencies.stream().filter(concurrency -> concurrency > 1)
                .map(concurrency -> Flow.claimFirstByKey(pollSize, concurrency))
                .toList();
    }

    /**
     * Runs every flow once over records of their own, unmeasured: the first seconds of a JVM go to
     * compiling its code (in a short flow, a third of its CPU), which a service pays once, not per event.
     */
    private void warmUp(ServiceSettings settings, String runId, List<Flow> flows, PrintWriter out) throws Exception {
        if (warmupEvents == 0) {
            return;
        }
        ServiceSettings warmup = settings.withTopic(new TopicName(settings.topic().value() + "-warmup"));
        DemoEventStream stream = DemoEventStream.of(warmupEvents, warmupEvents * duplicatePercent / 100, 20261205);
        KafkaTopics.createIfMissing(settings.kafkaConnection(), warmup.topic().value(), PARTITIONS);
        stream.publishTo(settings.kafkaConnection(), warmup.topic().value());
        out.printf("Warming up: each flow consumes %d records of %s first, unmeasured%n", warmupEvents, warmup.topic());
        out.flush();
        FlowRunner runner = new FlowRunner(warmup, runId + "w", warmupEvents, stream.distinct());
        for (Flow flow : flows) {
            runner.run(flow, 0);
        }
    }

    private BenchmarkReport measure(ServiceSettings settings, PrintWriter out) throws Exception {
        int referenceBatch = batchSizes.contains(500) ? 500 : batchSizes.get(0);
        List<Flow> flows = new ArrayList<>(List.of(Flow.checkThenAct(), Flow.claimFirstPerEvent(referenceBatch)));
        batchSizes.forEach(size -> flows.add(Flow.batch(size)));
        flows.add(Flow.noLedger(referenceBatch));
        flows.add(Flow.traced(referenceBatch, false));
        flows.add(Flow.traced(referenceBatch, true));
        if (!flowLetters.contains("all")) {
            flows.removeIf(flow -> !flowLetters.contains(flow.letter()));
        }
        String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
        List<Flow> warmupFlows = new ArrayList<>(flows);
        if (chosen("g")) {
            warmupFlows.addAll(byKeyFlows(referenceBatch));
        }
        if (chosen("i") && trickleRate > 0) {
            warmupFlows.addAll(trickleFlows(referenceBatch));
        }
        warmUp(settings, runId, warmupFlows, out);

        int duplicates = events * duplicatePercent / 100;
        DemoEventStream stream = DemoEventStream.of(events, duplicates, 20261128);
        KafkaTopics.createIfMissing(settings.kafkaConnection(), settings.topic().value(), PARTITIONS);
        stream.publishTo(settings.kafkaConnection(), settings.topic().value());
        out.printf("Published %d records (%d distinct) to %s; measuring...%n", events, stream.distinct(), settings.topic());
        out.flush();
        FlowRunner runner = new FlowRunner(settings, runId, events, stream.distinct());
        List<FlowResult> results = new ArrayList<>();
        for (Flow flow : flows) {
            results.add(runner.run(flow, 0));
        }
        results.addAll(byKey(settings, stream, runId, referenceBatch, out));
        results.addAll(trickle(settings, runId, referenceBatch, out));
        List<FlowResult> instances = new ArrayList<>();
        if (chosen("h")) {
            InstancesFlow group = new InstancesFlow(settings, runId, stream, referenceBatch);
            for (int count : instanceCounts) {
                if (count > 0) {
                    instances.add(group.run(count));
                }
            }
        }
        List<FlowResult> largeLedger = new ArrayList<>();
        for (long rows : ledgerRows) {
            if (rows > 0) {
                largeLedger.add(runner.run(Flow.batch(referenceBatch), rows));
            }
        }
        List<FlowResult> relay = new ArrayList<>();
        if (relayEvents > 0 && chosen("f")) {
            relay.add(new EventRelayFlow(settings, runId).run(relayEvents));
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("events", events);
        parameters.put("duplicatePercent", duplicatePercent);
        parameters.put("distinct", stream.distinct());
        parameters.put("partitions", PARTITIONS);
        parameters.put("batchSizes", batchSizes);
        parameters.put("ledgerRows", ledgerRows);
        parameters.put("relayEvents", relayEvents);
        parameters.put("keyConcurrency", keyConcurrencies);
        parameters.put("keysZipf", keys);
        parameters.put("warmupEvents", warmupEvents);
        parameters.put("instances", instanceCounts);
        parameters.put("instancePartitions", InstancesFlow.PARTITIONS);
        parameters.put("trickleRate", trickleRate);
        parameters.put("gatherWaitsMs", gatherWaits);
        parameters.put("kafka", settings.kafkaBootstrapServers());
        return new BenchmarkReport(Machine.describe(settings.postgres()), parameters, results, instances, largeLedger, relay);
    }
}
