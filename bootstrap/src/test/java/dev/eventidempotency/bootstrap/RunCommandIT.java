package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.local.OrderedPublisher;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar as an operator starts it: configured by environment variables only, consuming
 * exactly once, and stopping cleanly on SIGTERM with its offsets committed.
 */
class RunCommandIT extends EndToEndTest {

    private static final Path JAR = Path.of("target/event-idempotency.jar");

    @Test
    void theJarConsumesExactlyOnceReportsItInItsMetricsAndExitsZeroAfterACleanStopOnSigterm() throws Exception {
        String topic = TestKafka.freshTopic("jar", 3);
        DemoEventStream.of(100, 20, 11).publishTo(TestKafka.bootstrapServers(), topic);
        publishUndecodable(topic, "not json", "{\"eventId\":\"\"}");
        int managementPort = freePort();
        Path log = Files.createTempFile("event-idempotency-run", ".log");
        PostgresSettings database = TestPostgres.server();

        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "run")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "EVENTS_TOPIC", topic,
                "SERVICE_NAME", "jar-service",
                "DB_URL", database.jdbcUrl(),
                "DB_USER", database.user(),
                "DB_PASSWORD", database.password(),
                "DB_SCHEMA", db.schema(),
                "MANAGEMENT_PORT", Integer.toString(managementPort)));
        Process service = builder.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM processed_events") == 80);
            await().atMost(Duration.ofSeconds(10)).until(() -> TestKafka.committedOffsets("jar-service", topic).values()
                    .stream().mapToLong(Long::longValue).sum() == 102);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> TestKafka.committedOffsets("jar-service", topic).equals(TestKafka.endOffsets(topic, 3)));
            String metrics = get(managementPort, "/metrics").body();
            assertThat(metric(metrics, "event_idempotency_events_processed_total")).isEqualTo(80);
            assertThat(metric(metrics, "event_idempotency_duplicates_skipped_total")).isEqualTo(20);
            assertThat(metric(metrics, "event_idempotency_dead_lettered_total", "undecodable")).isEqualTo(2);
            assertThat(metric(metrics, "event_idempotency_dead_lettered_total", "rejected")).isZero();
            assertThat(metric(metrics, "event_idempotency_records_committed_total")).isEqualTo(102);
            assertThat(metric(metrics, "event_idempotency_consumer_group_joined")).isEqualTo(1);
            assertThat(metrics).contains("event_idempotency_handler_duration_seconds{quantile=\"0.99\"",
                    "event_idempotency_ledger_purged_rows_total{service=\"jar-service\"}");
            assertThat(metrics).contains("event_idempotency_consumer_lag_records{partition=\"" + topic + "-0\"");
            HttpResponse<String> ready = get(managementPort, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body())
                    .isEqualTo("{\"status\":\"UP\",\"consumerGroup\":\"UP\",\"database\":\"UP\",\"environment\":\"UP\"}");
            assertThat(get(managementPort, "/health/live").statusCode()).isEqualTo(200);

            service.destroy();
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        } finally {
            service.destroyForcibly();
        }

        assertThat(service.exitValue()).as(read(log)).isZero();
        assertThat(read(log)).contains("Stopped cleanly: offsets committed, connections closed");
        assertThat(read(log).lines().filter(line -> line.contains(" ERROR ")))
                .as("only the two dead-lettered records are errors").hasSize(2)
                .allMatch(line -> line.contains("can never be processed"));
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(80);
        assertThat(db.count("SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'users_registered'")).isEqualTo(80);
    }

    @Test
    void theJarRefusesAMissingSettingWithAClearMessageAndExitCodeTwo() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", JAR.toString(), "run").redirectErrorStream(true);
        builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        Process refused = builder.start();
        String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(2);
        assertThat(output).contains("KAFKA_BOOTSTRAP_SERVERS (or --kafka-bootstrap-servers) is required");
    }

    private static void publishUndecodable(String topic, String... values) throws Exception {
        try (Producer<byte[], byte[]> producer = OrderedPublisher.to(TestKafka.bootstrapServers())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of a metric with one sample, in the Prometheus text format. */
    private static long metric(String scrape, String name) {
        return metric(scrape, name, "");
    }

    /** The value of the sample whose labels contain {@code reason="..."} (any sample when empty). */
    private static long metric(String scrape, String name, String reason) {
        return scrape.lines().filter(line -> line.startsWith(name + "{"))
                .filter(line -> reason.isEmpty() || line.contains("reason=\"" + reason + "\""))
                .map(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in the scrape:\n" + scrape));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log);
    }
}
