package dev.eventidempotency.tooling.demo;

import dev.eventidempotency.bootstrap.local.LoopbackPorts;
import dev.eventidempotency.bootstrap.local.ServerClasspath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real SMTP server (GreenMail standalone) run as a child JVM on 127.0.0.1, for the demo: it takes
 * every message for any address without authentication, and keeps them in memory.
 */
public final class LocalMailServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalMailServer.class);
    private static final ServerClasspath CLASSPATH = new ServerClasspath("mail.server.classpath.file",
            "MAIL_SERVER_CLASSPATH_FILE", "/local-mail-server.properties",
            Path.of("bootstrap/local-mail-server/target/mail-server.classpath"),
            "Build it from the project root with `./mvnw -q -f bootstrap/local-mail-server/pom.xml package`");
    private static final String HOST = LoopbackPorts.HOST;
    private static final String MAIN_CLASS = "com.icegreen.greenmail.standalone.GreenMailStandaloneRunner";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path logFile;
    // Ctrl-C skips the demo's try-with-resources; the server must not outlive it.
    private final Thread shutdownHook;

    private LocalMailServer(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.shutdownHook = new Thread(process::destroyForcibly, "local-mail-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static LocalMailServer start() {
        String classpath = CLASSPATH.read();
        int port = LoopbackPorts.free(1)[0];
        try {
            Path logFile = Files.createTempFile("local-mail-server-", ".log");
            Process process = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-Dgreenmail.smtp.hostname=" + HOST, "-Dgreenmail.smtp.port=" + port, "-Dgreenmail.auth.disabled",
                    "-cp", classpath, MAIN_CLASS))
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            LocalMailServer server = new LocalMailServer(process, port, logFile);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the local mail server", e);
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("The local mail server did not start on " + HOST + ":" + port
                        + " within " + READY_TIMEOUT.toSeconds() + " s; its log: " + logFile);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("Interrupted while starting the local mail server", interrupted);
            }
        }
        LOG.info("Local mail server ready at {}:{} (pid {})", HOST, port, process.pid());
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmAlreadyShuttingDown) {
            // The hook stops the server anyway.
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
