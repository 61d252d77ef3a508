package dev.eventidempotency.bootstrap.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics} (Prometheus text format), {@code /health/live} and {@code /health/ready} on one
 * port. It binds to 127.0.0.1 unless told otherwise: a template copied into production must not
 * expose its internals to whoever can reach the host.
 */
public final class ManagementServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

    private final HttpServer server;

    private ManagementServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param liveness named checks; live only when all are true: an orchestrator restarts the process otherwise
     * @param readiness named checks; ready only when all are true
     * @param beforeScrape brings gauges up to date before each scrape
     */
    public static ManagementServer start(InetSocketAddress address, PrometheusMeterRegistry registry,
            Supplier<Map<String, Boolean>> liveness, Supplier<Map<String, Boolean>> readiness, Runnable beforeScrape) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException unavailable) {
            throw new UncheckedIOException("cannot listen on " + address + " for metrics and health (set "
                    + "MANAGEMENT_ADDRESS and MANAGEMENT_PORT, or MANAGEMENT_PORT=0 for any free port)", unavailable);
        }
        server.createContext("/metrics", exchange -> {
            beforeScrape.run();
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        });
        server.createContext("/health/live", exchange -> respondHealth(exchange, liveness.get()));
        server.createContext("/health/ready", exchange -> respondHealth(exchange, readiness.get()));
        server.start();
        LOG.info("Metrics and health at http://{}:{}/metrics, /health/live, /health/ready",
                server.getAddress().getHostString(), server.getAddress().getPort());
        return new ManagementServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** 200 and {@code "status":"UP"} when every check passes, else 503 and {@code "DOWN"}; each check by name. */
    private static void respondHealth(HttpExchange exchange, Map<String, Boolean> checks) throws IOException {
        Map<String, Boolean> sorted = new TreeMap<>(checks);
        boolean up = sorted.values().stream().allMatch(Boolean::booleanValue);
        respond(exchange, up ? 200 : 503, "application/json", "{\"status\":\"" + (up ? "UP" : "DOWN") + "\","
                + sorted.entrySet().stream()
                        .map(check -> "\"" + check.getKey() + "\":\"" + (check.getValue() ? "UP" : "DOWN") + "\"")
                        .collect(Collectors.joining(",")) + "}");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
            bytes = "not found".getBytes(StandardCharsets.UTF_8);
            status = 404;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream response = exchange.getResponseBody()) {
            response.write(bytes);
        }
    }
}
