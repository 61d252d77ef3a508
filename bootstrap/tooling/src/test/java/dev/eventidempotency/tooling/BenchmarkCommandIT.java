package dev.eventidempotency.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.bootstrap.Main;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import picocli.CommandLine;

/**
 * The documented benchmark commands, at a size that costs seconds: every flow runs and leaves its
 * files, the traced one with its spans, the event relay with every row on the topic once; one and three
 * service processes of a group each process every event once; the rebalance pause is measured once per
 * protocol and change.
 */
class BenchmarkCommandIT {

    /** Processed, skipped, user rows and ledger rows of 2,000 records of which 200 are re-sent. */
    private static final String ONCE_EACH = "1800 +200 +1800 +1800 exactly once";

    @TempDir
    Path output;

    @Test
    void everyFlowRunsOverTheSameRecordsAndTheBaselineShowsWhatTheLedgerPrevents() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine benchmark = benchmarkPrintingTo(out);

        int exitCode = benchmark.execute("benchmark", "--benchmark-events", "400", "--benchmark-duplicate-percent", "25",
                "--benchmark-batch-sizes", "50,200", "--benchmark-ledger-rows", "5000", "--benchmark-relay-events", "300",
                "--benchmark-key-concurrency", "4",
                // Warming up and the service processes have tests of their own: starting a consumer per flow
                // (or a process per instance) is most of what they cost.
                "--benchmark-warmup-events", "0", "--benchmark-instances", "0",
                "--benchmark-output", output.toString());

        assertThat(exitCode).as(out.toString()).isZero();
        assertThat(out.toString())
                .doesNotContain("Warming up")
                .containsPattern("\\(a\\) note: check-then-act, per event .* 300 +300 +300 +0 exactly once")
                .containsPattern("\\(b\\) claim-first, per event .* exactly once")
                .containsPattern("\\(c\\) batch of up to 50 .* exactly once")
                .containsPattern("\\(c\\) batch of up to 200 .* exactly once")
                .containsPattern("\\(d\\) no ledger \\(at-least-once\\), batch 50 .* 400 +400 +0 +0 doubled 100")
                .containsPattern("\\(e\\) batch 50, tracing off \\(no-op\\) .* 300 +300 +300 +0 exactly once")
                .containsPattern("\\(e\\) batch 50, tracing on \\(SDK\\) .* 300 +300 +300 +[1-9]\\d* exactly once")
                .containsPattern("\\(g\\) claim-first, per event, 4 keys at once .* 300 +300 +300 +0 exactly once")
                .containsPattern("\\(i\\) trickle of 2000/s, not gathered .* 300 +300 +300 +0 exactly once")
                .containsPattern("\\(i\\) trickle of 2000/s, gathered 50 ms .* 300 +300 +300 +0 exactly once")
                .containsPattern("Tracing on costs -?\\d+\\.\\d %")
                .containsPattern("batch of up to 50 +5000 .* exactly once")
                .containsPattern("\\(f\\) event relay: outbox rows to Kafka, in batches +300 +\\d+ +300 +300 each row once");
        List<String> csv = Files.readAllLines(output.resolve("results.csv"));
        assertThat(csv).hasSize(1 + 12);
        assertThat(csv.subList(1, csv.size())).allSatisfy(row -> assertThat(row).endsWith(",true"));
        assertThat(Files.readString(output.resolve("results.json"))).contains("\"machine\"", "\"cores\"", "\"postgres\"");
        assertThat(Files.readString(output.resolve("chart.mmd"))).startsWith("xychart-beta").contains("\"a-note\"");
    }

    /** The warm-up too: its records are consumed first and appear in no result (100 records, 10 of them re-sent). */
    @Test
    void onlyTheChosenFlowsRunAfterWarmingUp() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine benchmark = benchmarkPrintingTo(out);

        int exitCode = benchmark.execute("benchmark", "--benchmark-events", "100", "--benchmark-flows", "c",
                "--benchmark-batch-sizes", "50", "--benchmark-ledger-rows", "0", "--benchmark-warmup-events", "20",
                "--benchmark-output", output.toString());

        assertThat(exitCode).as(out.toString()).isZero();
        assertThat(out.toString()).contains("Warming up: each flow consumes 20 records")
                .containsPattern("\\(c\\) batch of up to 50 .* 90 +90 +90 +0 exactly once")
                .doesNotContain("(a) note", "(b) claim-first", "(d) no ledger", "(e) batch", "Tracing on costs", "(f) event relay");
        assertThat(Files.readAllLines(output.resolve("results.csv"))).hasSize(1 + 1);
    }

    @Test
    void aRepeatedBatchSizeIsRefusedBeforeAnythingRuns() {
        StringWriter err = new StringWriter();
        CommandLine benchmark = benchmarkPrintingTo(new StringWriter());
        benchmark.setErr(new PrintWriter(err, true));

        int exitCode = benchmark.execute("benchmark", "--benchmark-batch-sizes", "500,500");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--benchmark-batch-sizes must not repeat a size");
    }

    @Test
    void oneAndThreeServiceProcessesOfOneGroupEachProcessEveryEventOnce() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine benchmark = benchmarkPrintingTo(out);

        int exitCode = benchmark.execute("benchmark", "--benchmark-events", "2000", "--benchmark-flows", "h",
                "--benchmark-ledger-rows", "0", "--benchmark-output", output.toString());

        assertThat(exitCode).as(out.toString()).isZero();
        assertThat(out.toString())
                .containsPattern("\\(h\\) batch 500, 1 instance in one group +1 +\\d+ +1\\.00 .* " + ONCE_EACH)
                .containsPattern("\\(h\\) batch 500, 3 instances in one group +3 +\\d+ .* " + ONCE_EACH);
        List<String> csv = Files.readAllLines(output.resolve("results.csv"));
        assertThat(csv).hasSize(1 + 2);
        assertThat(csv.get(1)).startsWith("h-instances-1,").endsWith(",1,1800,true");
        assertThat(csv.get(2)).startsWith("h-instances-3,").endsWith(",3,1800,true");
        assertThat(Files.readString(output.resolve("chart.mmd"))).contains("\"h-instances-1\", \"h-instances-3\"");
    }

    /**
     * Beside the other tests: it mostly waits for the group protocols' timers, and its own topics, groups and
     * schema keep it apart. Its pauses grow when it shares the machine, which no check here bounds.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void theRebalanceBenchmarkMeasuresAJoinAndALeaveUnderEitherGroupProtocol() {
        StringWriter out = new StringWriter();
        CommandLine benchmark = benchmarkPrintingTo(out);

        int exitCode = benchmark.execute("benchmark", "rebalance", "--benchmark-rebalance-rounds", "1");

        assertThat(exitCode).as(out.toString()).isZero();
        assertThat(out.toString())
                .containsPattern("\\| classic \\| join \\| 1 \\| \\d+ \\| \\d+ \\| [0-6] \\| \\d+ \\|")
                .containsPattern("\\| classic \\| leave \\| 1 \\| \\d+ \\| \\d+ \\| [0-6] \\| \\d+ \\|")
                .containsPattern("\\| consumer \\| join \\| 1 \\| \\d+ \\| \\d+ \\| [0-6] \\| \\d+ \\|")
                .containsPattern("\\| consumer \\| leave \\| 1 \\| \\d+ \\| \\d+ \\| [0-6] \\| \\d+ \\|");
    }

    /** The tools' command line on the test servers, printing to {@code out}. */
    private static CommandLine benchmarkPrintingTo(StringWriter out) {
        PostgresSettings database = TestPostgres.server();
        CommandLine benchmark = Main.commandLine(new Tools(), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "DB_URL", database.jdbcUrl(), "DB_USER", database.user(), "DB_PASSWORD", database.password()));
        benchmark.setOut(new PrintWriter(out, true));
        return benchmark;
    }
}
