package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.bootstrap.demo.DemoEventStream;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar as an operator starts it: configured by environment variables only, consuming
 * exactly once, and stopping cleanly on SIGTERM with its offsets committed.
 */
class RunCommandIT {

    private static final Path JAR = Path.of("target/event-idempotency.jar");
    private static TestDatabase db;

    @BeforeAll
    static void servers() {
        db = TestPostgres.freshDatabase();
        TestKafka.bootstrapServers();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @Test
    void theJarConsumesExactlyOnceAndStopsCleanlyOnSigterm() throws Exception {
        String topic = TestKafka.freshTopic("jar", 3);
        DemoEventStream.of(100, 20, 11).publishTo(TestKafka.bootstrapServers(), topic);
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
                "DB_SCHEMA", db.schema()));
        Process service = builder.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM processed_events") == 80);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> TestKafka.committedOffsets("jar-service", topic).equals(TestKafka.endOffsets(topic, 3)));

            service.destroy();
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        } finally {
            service.destroyForcibly();
        }

        // 143 = 128 + SIGTERM: the JVM's exit status after it ran its shutdown hooks to the end.
        assertThat(service.exitValue()).as(read(log)).isEqualTo(143);
        assertThat(read(log)).contains("Stopped cleanly: offsets committed, connections closed").doesNotContain("ERROR");
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(80);
        assertThat(db.count("SELECT value FROM counters WHERE name = 'users_registered'")).isEqualTo(80);
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

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log);
    }
}
