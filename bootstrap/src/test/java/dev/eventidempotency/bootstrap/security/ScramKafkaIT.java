package dev.eventidempotency.bootstrap.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.kafka.KafkaTopics;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.local.LocalKafkaBroker.ScramUser;
import dev.eventidempotency.bootstrap.local.LocalKafkaBroker;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar against a broker that demands SASL/SCRAM, configured as docs/security.md shows:
 * the right credentials (from files) consume exactly once; a wrong password ends the start at once
 * with a message that names the setting; no secret appears in any output, nor in {@code --help}; and
 * the metrics and health endpoints answer on 127.0.0.1 only.
 */
class ScramKafkaIT extends EndToEndTest {

    private static final Path JAR = Path.of("target/event-idempotency.jar");
    private static final ScramUser USER = new ScramUser("user-service", "scram-secret-4f9c");
    private static final String DB_SECRET = "db-secret-7a21";
    private static final String SMTP_SECRET = "smtp-secret-91be";
    private static final String WRONG_SECRET = "wrong-secret-c3d8";
    private static final int PARTITIONS = 3;

    private static LocalKafkaBroker broker;

    @TempDir
    Path secrets;

    @BeforeAll
    static void startTheScramBroker() {
        broker = LocalKafkaBroker.startWithScramUser(USER);
    }

    @AfterAll
    static void stopTheScramBroker() {
        broker.close();
    }

    @Test
    void theRightCredentialsFromFilesConsumeExactlyOnceAndNoSecretIsPrinted() throws Exception {
        String topic = "scram-events";
        KafkaConnection scram = new KafkaConnection(broker.saslBootstrapServers(), clientProperties(USER.password()));
        KafkaTopics.createIfMissing(scram, topic, PARTITIONS);
        DemoEventStream stream = DemoEventStream.of(60, 15, 7);
        stream.publishTo(scram, topic);

        Path log = secrets.resolve("run.log");
        Process service = start(log, runEnvironment(topic, USER.password()));
        try {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> db.count("SELECT count(*) FROM processed_events") == stream.distinct());
            int managementPort = managementPort(Files.readString(log));
            assertThat(reachable(InetAddress.getLoopbackAddress(), managementPort)).isTrue();
            for (InetAddress external : nonLoopbackAddresses()) {
                assertThat(reachable(external, managementPort)).as("metrics reachable at " + external).isFalse();
            }
            service.destroy();
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
        } finally {
            service.destroyForcibly();
        }

        String output = Files.readString(log);
        assertThat(service.exitValue()).as(output).isZero();
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(stream.distinct());
        assertThat(output).contains("sasl.jaas.config=****", "security.protocol=SASL_PLAINTEXT");
        assertNoSecretIn(output);
    }

    @Test
    void aWrongPasswordEndsTheStartAtOnceNamingTheSettingButNotTheSecret() throws Exception {
        Path log = secrets.resolve("refused.log");
        long startedAt = System.nanoTime();
        Process service = start(log, runEnvironment("scram-refused", WRONG_SECRET));

        assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("gave up within 60 s").isTrue();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt);
        String output = Files.readString(log);
        assertThat(service.exitValue()).as(output).isNotZero();
        assertThat(seconds).as("seconds until the service gave up").isLessThan(30);
        // The message of docs/security.md, "A wrong password".
        assertThat(output).contains("event-idempotency run failed: Kafka at " + broker.saslBootstrapServers()
                        + " refused the credentials: Authentication failed during authentication due to invalid credentials "
                        + "with SASL mechanism SCRAM-SHA-512. Check sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG or "
                        + "KAFKA_SASL_JAAS_CONFIG_FILE)")
                .doesNotContain(WRONG_SECRET, USER.password(), DB_SECRET, SMTP_SECRET);
        assertThat(output.lines().filter(line -> line.contains("Authentication failed")).count())
                .as("authentication attempts logged: a hot reconnect loop would log hundreds").isLessThan(10);
    }

    @Test
    void helpAndSettingErrorsPrintNoSecretFromTheEnvironment() throws Exception {
        Map<String, String> environment = runEnvironment("scram-help", USER.password());
        environment.put("BATCH_SIZE", "0");

        String help = finish(start(secrets.resolve("help.log"), environment, "run", "--help"), secrets.resolve("help.log"));
        String refused = finish(start(secrets.resolve("error.log"), environment), secrets.resolve("error.log"));

        assertThat(help).contains("--db-migration-password");
        assertThat(refused).contains("BATCH_SIZE (or --batch-size) is invalid");
        assertNoSecretIn(help);
        assertNoSecretIn(refused);
    }

    /** Closed by default: the log names the bound address, 127.0.0.1, and the port chosen for MANAGEMENT_PORT=0. */
    private static int managementPort(String output) {
        Matcher bound = Pattern.compile("Metrics and health at http://127\\.0\\.0\\.1:(\\d+)/").matcher(output);
        assertThat(bound.find()).as("bound to 127.0.0.1 by default:\n" + output).isTrue();
        return Integer.parseInt(bound.group(1));
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress()).toList();
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private Map<String, String> runEnvironment(String topic, String kafkaPassword) throws IOException {
        PostgresSettings database = TestPostgres.server();
        Map<String, String> environment = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.saslBootstrapServers(),
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", LocalKafkaBroker.SCRAM_MECHANISM,
                "KAFKA_SASL_JAAS_CONFIG_FILE", secret("kafka-jaas", jaas(kafkaPassword) + "\n"),
                "EVENTS_TOPIC", topic,
                "DB_URL", database.jdbcUrl(),
                "DB_USER", database.user(),
                // Trust authentication ignores it: it is here to be looked for in the output.
                "DB_PASSWORD_FILE", secret("db-password", DB_SECRET + "\n"),
                "DB_SCHEMA", db.schema(),
                "MANAGEMENT_PORT", "0"));
        environment.put("SMTP_USER", "relay");
        environment.put("SMTP_PASSWORD_FILE", secret("smtp-password", SMTP_SECRET + "\n"));
        return environment;
    }

    private String secret(String name, String content) throws IOException {
        return Files.writeString(secrets.resolve(name), content).toString();
    }

    private static Map<String, String> clientProperties(String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", LocalKafkaBroker.SCRAM_MECHANISM,
                "sasl.jaas.config", jaas(password));
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER.name()
                + "\" password=\"" + password + "\";";
    }

    private static Process start(Path log, Map<String, String> environment, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(arguments.length == 0 ? List.of("run") : List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("DB_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String finish(Process process, Path log) throws Exception {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static void assertNoSecretIn(String output) {
        assertThat(output).doesNotContain(USER.password(), DB_SECRET, WRONG_SECRET, SMTP_SECRET);
    }
}
