package dev.eventidempotency.bootstrap.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one node) run as a child JVM on 127.0.0.1.
 * {@link #startWithScramUser} adds a SASL_PLAINTEXT listener that authenticates one SCRAM-SHA-512 user.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    /** A user the SASL listener accepts, created in the storage before the first start. */
    public record ScramUser(String name, String password) {
    }

    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    public static final String CLASSPATH_FILE_PROPERTY = "kafka.broker.classpath.file";
    public static final String CLASSPATH_FILE_ENV = "KAFKA_BROKER_CLASSPATH_FILE";
    private static final ServerClasspath CLASSPATH = new ServerClasspath(CLASSPATH_FILE_PROPERTY, CLASSPATH_FILE_ENV,
            "/local-kafka-broker.properties", Path.of("bootstrap/local-kafka-broker/target/broker.classpath"),
            "Build it from the project root with `./mvnw -q -f bootstrap/local-kafka-broker/pom.xml package`, or set "
                    + "KAFKA_BOOTSTRAP_SERVERS to use a running Kafka broker");

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);

    private static final String HOST = LoopbackPorts.HOST;
    private static final String READY_LINE = "Kafka Server started";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration GRACEFUL_STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;

    private final String classpath;
    private final Path workDir;
    private final Path logFile;
    private final int brokerPort;
    private final Optional<ScramUser> scramUser;
    private final int saslPort;
    private final Thread shutdownHook = new Thread(this::killAndDelete, "local-kafka-broker-shutdown");
    // Read by the shutdown hook, which must not wait for a lock held by a thread that is starting the broker.
    private volatile Process process;
    private boolean closed;

    private LocalKafkaBroker(String classpath, Path workDir, int brokerPort, Optional<ScramUser> scramUser, int saslPort) {
        this.classpath = classpath;
        this.workDir = workDir;
        this.logFile = workDir.resolve("broker.log");
        this.brokerPort = brokerPort;
        this.scramUser = scramUser;
        this.saslPort = saslPort;
    }

    /** Starts a broker with the classpath file named by the system property, the environment or the build. */
    public static LocalKafkaBroker start() {
        return start(Optional.empty());
    }

    /** As {@link #start()}, plus a listener at {@link #saslBootstrapServers()} that admits only this user. */
    public static LocalKafkaBroker startWithScramUser(ScramUser user) {
        return start(Optional.of(user));
    }

    private static LocalKafkaBroker start(Optional<ScramUser> scramUser) {
        String classpath = CLASSPATH.read();
        int[] ports = LoopbackPorts.free(3);
        LocalKafkaBroker broker;
        try {
            broker = new LocalKafkaBroker(classpath, Files.createTempDirectory("local-kafka-broker-"), ports[0], scramUser,
                    ports[2]);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the Kafka broker", e);
        }
        // Registered before the first child process exists, so no path leaves a broker running.
        Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
        try {
            broker.writeServerProperties(ports[1]);
            broker.format();
            broker.launch();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    /** The SASL_PLAINTEXT listener of a broker started with a SCRAM user. */
    public String saslBootstrapServers() {
        if (scramUser.isEmpty()) {
            throw new IllegalStateException("The Kafka broker at " + bootstrapServers() + " has no SASL listener");
        }
        return HOST + ":" + saslPort;
    }

    public Path logFile() {
        return logFile;
    }

    /** Kills the broker like a crash would (SIGKILL), keeping its data for {@link #restart()}. */
    public synchronized void kill() {
        requireOpen();
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
            awaitExit(running, KILL_TIMEOUT);
            log.info("Kafka broker at {} killed", bootstrapServers());
        }
    }

    /** Starts the broker again on the same ports and data, stopping it first if it still runs. */
    public synchronized void restart() {
        requireOpen();
        stopGracefully();
        launch();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopGracefully();
        deleteWorkDir();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmAlreadyShuttingDown) {
            // The hook runs anyway; it finds nothing left to do.
        }
    }

    private void writeServerProperties(int controllerPort) {
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + HOST + ":" + controllerPort,
                "listeners=PLAINTEXT://" + HOST + ":" + brokerPort + saslListener() + ",CONTROLLER://" + HOST + ":"
                        + controllerPort,
                "advertised.listeners=PLAINTEXT://" + HOST + ":" + brokerPort + saslListener(),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
                // The node talks to itself in plain text; only clients of the SASL listener authenticate.
                "inter.broker.listener.name=PLAINTEXT",
                "sasl.enabled.mechanisms=" + SCRAM_MECHANISM,
                "listener.name.sasl_plaintext." + SCRAM_MECHANISM.toLowerCase(Locale.ROOT)
                        + ".sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "log.dirs=" + workDir.resolve("data").toAbsolutePath(),
                // A single node cannot host the internal topics' default three replicas.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // Consumers in tests join alone; waiting 3 s for others only slows them down.
                "group.initial.rebalance.delay.ms=0",
                // The consumer group protocol's floors (45 s session, 5 s heartbeat) lowered to the classic protocol's
                // floor, so that a test can give its group the short session it gives a classic consumer. The defaults
                // stay Kafka's: only a group configured with consumer.session.timeout.ms gets a shorter one.
                "group.consumer.min.session.timeout.ms=6000",
                "group.consumer.min.heartbeat.interval.ms=500",
                // After a kill, the restarted broker is refused (DUPLICATE_BROKER_REGISTRATION) until the dead one's
                // session expires: the 9 s default would make every restart slow.
                "broker.session.timeout.ms=3000",
                "broker.heartbeat.interval.ms=500",
                // Topics created without a partition count still get more than one, as they would in production.
                "num.partitions=3",
                // Topics are created explicitly, as in production; a typo must not silently create a new topic.
                "auto.create.topics.enable=false",
                "");
        try {
            Files.writeString(serverProperties(), properties);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + serverProperties(), e);
        }
    }

    private String saslListener() {
        return scramUser.isPresent() ? ",SASL_PLAINTEXT://" + HOST + ":" + saslPort : "";
    }

    private void format() {
        Path formatLog = workDir.resolve("format.log");
        List<String> arguments = new ArrayList<>(List.of("kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", serverProperties().toString()));
        // KRaft keeps SCRAM credentials in its metadata log: the format writes the first ones.
        scramUser.ifPresent(user -> arguments.addAll(List.of("--add-scram",
                SCRAM_MECHANISM + "=[name=" + user.name() + ",password=" + user.password() + "]")));
        Process formatting = startJava(formatLog, arguments.toArray(String[]::new));
        int exitCode = awaitExit(formatting, FORMAT_TIMEOUT);
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting the Kafka broker's storage failed (exit code " + exitCode
                    + "). Its last output lines:\n" + tail(readQuietly(formatLog)));
        }
    }

    private void launch() {
        long logStart = logSize();
        long startedAt = System.nanoTime();
        process = startJava(logFile, "-Xmx512m", "kafka.Kafka", serverProperties().toString());
        log.info("Kafka broker starting at {} (pid {}), logging to {}", bootstrapServers(), process.pid(), logFile);
        awaitReady(logStart);
        log.info("Kafka broker ready at {} after {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
    }

    private Process startJava(Path output, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Timestamps in the broker's log show where a slow start spends its time.
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-cp");
        command.add(classpath);
        command.addAll(List.of(arguments));
        try {
            return new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    // Appending keeps the log of a killed broker next to the log of its restart.
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command.get(0), e);
        }
    }

    private void awaitReady(long logStart) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!logSince(logStart).contains(READY_LINE)) {
            if (!process.isAlive()) {
                throw failedToStart("exited with code " + process.exitValue(), logStart);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                awaitExit(process, KILL_TIMEOUT);
                throw failedToStart("was not ready within " + READY_TIMEOUT.toSeconds() + " s", logStart);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private IllegalStateException failedToStart(String what, long logStart) {
        String output = logSince(logStart);
        return new IllegalStateException("The Kafka broker at " + bootstrapServers() + " " + what
                + ". " + firstError(output) + "Its last log lines:\n" + tail(output));
    }

    private void stopGracefully() {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(GRACEFUL_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Kafka broker at {} did not stop within {} s; killing it",
                        bootstrapServers(), GRACEFUL_STOP_TIMEOUT.toSeconds());
                running.destroyForcibly();
                awaitExit(running, KILL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    // Runs in the shutdown hook: the JVM is going away, so there is no time for a graceful stop.
    private void killAndDelete() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
            awaitExit(running, KILL_TIMEOUT);
        }
        deleteWorkDir();
    }

    private void deleteWorkDir() {
        try (Stream<Path> paths = Files.walk(workDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (NoSuchFileException alreadyDeleted) {
            // close() and the shutdown hook may both get here.
        } catch (IOException | UncheckedIOException e) {
            log.warn("Cannot delete the Kafka broker's directory {}", workDir, e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The Kafka broker at " + bootstrapServers() + " is closed");
        }
    }

    private Path serverProperties() {
        return workDir.resolve("server.properties");
    }

    private long logSize() {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logSince(long offset) {
        try {
            byte[] bytes = Files.exists(logFile) ? Files.readAllBytes(logFile) : new byte[0];
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }

    // After a fatal error the broker logs a long shutdown, which pushes the cause out of the tail.
    private static String firstError(String output) {
        List<String> lines = output.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" ERROR ")) {
                return "First error in its log:\n" + String.join("\n", lines.subList(i, Math.min(lines.size(), i + 2)))
                        + "\n";
            }
        }
        return "";
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static int awaitExit(Process process, Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Process " + process.pid() + " did not exit within "
                        + timeout.toSeconds() + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for process " + process.pid(), e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }
}
