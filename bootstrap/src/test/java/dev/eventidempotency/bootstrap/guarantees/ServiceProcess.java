package dev.eventidempotency.bootstrap.guarantees;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The service as an operating system process of its own, which a test can kill like a crash does. */
public final class ServiceProcess implements AutoCloseable {

    private static final int KILLED_BY_SIGKILL = 128 + 9;
    private static final String SKIPPED_LINE = "already processed, skipping";

    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(List<String> command, Map<String, String> environment) {
        try {
            Path log = Files.createTempFile("event-idempotency-service", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            return new ServiceProcess(builder.start(), log);
        } catch (IOException unstartable) {
            throw new UncheckedIOException(unstartable);
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** SIGKILL: no shutdown hook runs, nothing is committed or closed, as in a crash or an OOM kill. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /**
     * Waits until the process prints {@code line}, then kills it with SIGKILL at that point; fails if it
     * exits or stays silent first, or if the kill did not end it by SIGKILL.
     */
    public void killOnceItPrints(String line, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> log().contains(line) || !process.isAlive());
        assertAlive();
        process.destroyForcibly();
        // The JDK reports death by a signal as 128 + its number; SIGTERM would give 143.
        if (awaitExit(Duration.ofSeconds(10)) != KILLED_BY_SIGKILL) {
            throw new AssertionError("process " + process.pid() + " did not die of SIGKILL: " + process.exitValue());
        }
    }

    /** SIGTERM, as an orchestrator stops a service; returns the exit code. */
    public int terminate() {
        process.destroy();
        return awaitExit(Duration.ofSeconds(30));
    }

    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("process " + process.pid() + " did not exit within " + timeout + "\n" + logTail());
            }
            return process.exitValue();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Fails with the end of the log if the process has exited: it is supposed to ride out what the test does. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("the service process exited with " + process.exitValue() + "\n" + logTail());
        }
    }

    /** The duplicates this process logged skipping (it runs with {@code LOG_LEVEL=DEBUG}). */
    public long duplicatesSkipped() {
        return log().lines().filter(line -> line.contains(SKIPPED_LINE)).count();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    public String logTail() {
        List<String> lines = log().lines().filter(line -> !line.contains(SKIPPED_LINE)).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Kills the process if the test left it running, and deletes its log. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException undeletable) {
            throw new UncheckedIOException(undeletable);
        }
    }
}
