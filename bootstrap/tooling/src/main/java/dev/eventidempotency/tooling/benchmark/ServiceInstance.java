package dev.eventidempotency.tooling.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One instance of the service as an operating system process of its own: {@code Main run} on the
 * benchmark's own classpath, configured by its environment as an operator configures it. Closing it
 * kills the process if it still runs, and so does the benchmark's JVM if it ends first.
 */
final class ServiceInstance implements AutoCloseable {

    private static final String MAIN = "dev.eventidempotency.bootstrap.Main";
    /** The heap the service is documented to hold with (docs/performance.md). */
    private static final String MAX_HEAP = "-Xmx256m";
    private static final Pattern METRICS_AT = Pattern.compile("Metrics and health at http://([^:/\\s]+):(\\d+)/metrics");
    private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread killOnExit;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(SCRAPE_TIMEOUT).build();

    private ServiceInstance(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, name + "-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** {@code environment} on top of the benchmark's own, which passes on the operator's {@code KAFKA_*} client properties. */
    static ServiceInstance start(String name, Map<String, String> environment) {
        try {
            Path log = Files.createTempFile("event-idempotency-" + name, ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, MAX_HEAP, "-cp", System.getProperty("java.class.path"), MAIN,
                    "run").redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            return new ServiceInstance(name, builder.start(), log);
        } catch (IOException unstartable) {
            throw new UncheckedIOException("cannot start " + name + " of the service", unstartable);
        }
    }

    /** Fails with the end of its log if the process has exited: it is meant to run until it is stopped. */
    void assertAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " of the service exited with " + process.exitValue() + ":\n" + logTail());
        }
    }

    /** Its {@code /metrics} once it has logged where (it listens on any free port): a sign it has started. */
    Optional<URI> metricsEndpoint() {
        Matcher logged = METRICS_AT.matcher(logText());
        return logged.find() ? Optional.of(URI.create("http://" + logged.group(1) + ":" + logged.group(2) + "/metrics"))
                : Optional.empty();
    }

    /** What it has counted and measured so far. */
    InstanceMetrics scrape() throws InterruptedException {
        URI endpoint = metricsEndpoint().orElseThrow(() -> new IllegalStateException(name + " has not logged its metrics port"));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(SCRAPE_TIMEOUT).build();
        try {
            return InstanceMetrics.parse(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException unanswered) {
            throw new UncheckedIOException(name + " did not answer its metrics endpoint", unanswered);
        }
    }

    /** SIGTERM, as an orchestrator stops the service: it finishes the records in hand, commits and exits. */
    void terminate() {
        process.destroy();
    }

    /** True if it has exited with 0 within {@code timeout}. */
    boolean exitedCleanly(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) && process.exitValue() == 0;
    }

    String logTail() {
        List<String> lines = logText().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** Kills the process if it still runs, then deletes its log. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: the process is gone either way.
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException undeletable) {
            throw new UncheckedIOException(undeletable);
        }
    }
}
