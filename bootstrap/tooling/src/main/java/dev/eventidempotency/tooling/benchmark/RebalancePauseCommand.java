package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.adapter.kafka.GroupProtocolChoice;
import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.adapter.postgres.user.UserMapper;
import dev.eventidempotency.bootstrap.config.ServiceOptions;
import dev.eventidempotency.tooling.benchmark.RebalancePause.Change;
import dev.eventidempotency.tooling.benchmark.RebalancePause.Measurement;
import dev.eventidempotency.tooling.benchmark.RebalancePause.Setup;
import dev.eventidempotency.tooling.demo.SelfContainedServers;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code benchmark rebalance}: the pause a join or a leave costs, under each group protocol, side by side. */
@Command(name = "rebalance", mixinStandardHelpOptions = true,
        description = {
                "Measures how long partitions stand still when a member joins (2 -> 3) or leaves (3 -> 2) a group, under",
                "the classic and the consumer group protocol: a steady stream on " + RebalancePause.PARTITIONS
                        + " partitions, production listeners, Kafka's",
                "default timeouts. Prints one row per protocol and change. Without KAFKA_BOOTSTRAP_SERVERS it starts a",
                "local Kafka broker. See docs/performance.md."})
public final class RebalancePauseCommand implements Callable<Integer> {

    private static final String SCHEMA = "benchmark_rebalance";

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions options;

    @Option(names = "--benchmark-rebalance-rounds", paramLabel = "N", defaultValue = "3",
            description = "Changes measured per protocol and kind of change. Env: BENCHMARK_REBALANCE_ROUNDS. "
                    + "Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--benchmark-rebalance-group-heartbeat-ms", paramLabel = "MS", defaultValue = "0",
            description = "Also measures the consumer protocol with this heartbeat as the group's own config (the broker's "
                    + "group.consumer.min.heartbeat.interval.ms must allow it; 0: not measured). "
                    + "Env: BENCHMARK_REBALANCE_GROUP_HEARTBEAT_MS. Default: ${DEFAULT-VALUE}.")
    long groupHeartbeatMs;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--benchmark-rebalance-rounds must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Optional<SelfContainedServers> servers =
                SelfContainedServers.start(options, SCHEMA, "rebalance", out, spec.commandLine().getErr());
        if (servers.isEmpty()) {
            return 1;
        }
        try (SelfContainedServers running = servers.get();
             PostgresDatabase database = PostgresDatabase.open(running.settings().postgres(), List.of(UserMapper.class))) {
            RebalancePause pause = new RebalancePause(running.settings(), database);
            out.printf("%n| protocol | change | rounds | longest pause, median ms | longest pause, max ms "
                    + "| partitions paused (of %d), median | all processing again after, median ms |%n",
                    RebalancePause.PARTITIONS);
            out.println("|---|---|---:|---:|---:|---:|---:|");
            for (Setup setup : setups()) {
                for (Change change : Change.values()) {
                    List<Measurement> measured = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        measured.add(pause.measure(setup, change));
                    }
                    out.printf("| %s | %s | %d | %d | %d | %d | %d |%n", setup.label(), change.name().toLowerCase(), rounds,
                            median(measured, measurement -> measurement.longestPause().toMillis()),
                            measured.stream().mapToLong(measurement -> measurement.longestPause().toMillis()).max().orElse(0),
                            median(measured, measurement -> (long) measurement.partitionsPaused()),
                            median(measured, measurement -> measurement.allProcessingAgainAfter().toMillis()));
                    out.flush();
                }
            }
            return 0;
        }
    }

    /** Each protocol as a deployment gets it, then the consumer protocol with a shorter heartbeat, if asked for. */
    private List<Setup> setups() {
        List<Setup> setups = new ArrayList<>(List.of(new Setup(GroupProtocolChoice.CLASSIC, Optional.empty()),
                new Setup(GroupProtocolChoice.CONSUMER, Optional.empty())));
        if (groupHeartbeatMs > 0) {
            setups.add(new Setup(GroupProtocolChoice.CONSUMER, Optional.of(Duration.ofMillis(groupHeartbeatMs))));
        }
        return setups;
    }

    private static long median(List<Measurement> measured, Function<Measurement, Long> value) {
        List<Long> sorted = measured.stream().map(value).sorted(Comparator.naturalOrder()).toList();
        return sorted.get(sorted.size() / 2);
    }
}
