package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.kafka.BatchGathering;
import dev.eventidempotency.adapter.kafka.GroupTimeouts;
import dev.eventidempotency.adapter.postgres.DatabaseTimeouts;
import dev.eventidempotency.bootstrap.config.EventFormat;
import dev.eventidempotency.bootstrap.config.ProcessingMode;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Settings come from the environment, flags override them, and a wrong one names itself. */
class CommandLineTest {

    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"alice-secret\";";
    private static final Map<String, String> MINIMAL = Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void theEnvironmentConfiguresEverySetting() {
        ServiceSettings settings = settingsOf(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092",
                "EVENTS_TOPIC", "signups",
                "SERVICE_NAME", "signup-service",
                "DB_URL", "jdbc:postgresql://db:5432/signups",
                "DB_USER", "signup",
                "DB_PASSWORD", "s3cret",
                "DB_SCHEMA", "signup",
                "PROCESSING_MODE", "per-event",
                "BATCH_SIZE", "100",
                "EVENT_FORMAT", "auto"));

        assertThat(settings.kafkaBootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(settings.topic().value()).isEqualTo("signups");
        assertThat(settings.service().value()).isEqualTo("signup-service");
        assertThat(settings.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/signups");
        assertThat(settings.postgres().user()).isEqualTo("signup");
        assertThat(settings.postgres().password()).isEqualTo("s3cret");
        assertThat(settings.postgres().schema()).isEqualTo("signup");
        assertThat(settings.mode()).isEqualTo(ProcessingMode.PER_EVENT);
        assertThat(settings.batchSize()).isEqualTo(100);
        assertThat(settings.eventFormat()).isEqualTo(EventFormat.AUTO);
    }

    @Test
    void partitionsWorkedOnAtOnceMustFitThePool() {
        assertThat(settingsOf(MINIMAL).kafka().partitionConcurrency()).isEqualTo(3);
        assertThat(settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "PARTITION_CONCURRENCY", "1")).kafka()
                .partitionConcurrency()).isEqualTo(1);
        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "PARTITION_CONCURRENCY", "4"), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("--partition-concurrency").contains("expected a number from 1 to 3, was 4");
    }

    @Test
    void gatheringIsOffUnlessAWaitIsSetAndThenGathersUpToTheBatchSizeOrTheEventsGiven() {
        assertThat(settingsOf(MINIMAL).kafka().gathering()).isEqualTo(BatchGathering.OFF);
        assertThat(settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "BATCH_SIZE", "200", "BATCH_GATHER_WAIT", "50ms"))
                .kafka().gathering()).isEqualTo(new BatchGathering(200, Duration.ofMillis(50)));
        assertThat(settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "BATCH_GATHER_WAIT", "1s",
                "BATCH_GATHER_EVENTS", "2000")).kafka().gathering()).isEqualTo(new BatchGathering(2000, Duration.ofSeconds(1)));

        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "BATCH_GATHER_WAIT", "11s"), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("BATCH_GATHER_WAIT (or --batch-gather-wait) is invalid: expected at most 10s");
        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "BATCH_GATHER_WAIT", "-5ms"), "run")).isEqualTo(2);
        assertThat(err.toString())
                .contains("BATCH_GATHER_WAIT (or --batch-gather-wait) is invalid: expected a positive duration");
        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "BATCH_GATHER_EVENTS", "100"), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("BATCH_GATHER_EVENTS (or --batch-gather-events) is invalid: applies only with "
                + "--batch-gather-wait above 0");
        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "BATCH_GATHER_WAIT", "20ms", "BATCH_GATHER_EVENTS",
                "0"), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("BATCH_GATHER_EVENTS (or --batch-gather-events) is invalid: expected a number "
                + "from 1 to 10000, was 0");
    }

    @Test
    void theEnvironmentConfiguresKeyLanesForPerEventMode() {
        ServiceSettings settings = settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092",
                "PROCESSING_MODE", "per-event", "KEY_CONCURRENCY", "8"));

        assertThat(settings.keyConcurrency()).isEqualTo(8);
    }

    @Test
    void theEnvironmentConfiguresWhenTheGroupGivesUpOnAnInstance() {
        ServiceSettings settings = settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092",
                "KAFKA_SESSION_TIMEOUT_MS", "6000", "KAFKA_MAX_POLL_INTERVAL_MS", "60000"));

        assertThat(settings.groupTimeouts()).isEqualTo(new GroupTimeouts(Duration.ofSeconds(6), Duration.ofMinutes(1)));
        assertThat(settings.kafka().groupTimeouts()).isEqualTo(settings.groupTimeouts());
    }

    @Test
    void theEnvironmentBoundsEveryDatabaseWait() {
        ServiceSettings settings = settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092",
                "DB_CONNECT_TIMEOUT", "2s", "DB_SOCKET_TIMEOUT", "1m", "DB_STATEMENT_TIMEOUT", "PT0.5S",
                "DB_LOCK_TIMEOUT", "PT0.2S", "DB_IDLE_IN_TRANSACTION_TIMEOUT", "2m", "DB_POOL_TIMEOUT", "PT1.5S"));

        assertThat(settings.postgres().timeouts()).isEqualTo(new DatabaseTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(1),
                Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofMinutes(2), Duration.ofMillis(1500)));
    }

    @Test
    void databaseTimeoutsThatCannotWorkTogetherNameEverySetting() {
        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "DB_STATEMENT_TIMEOUT", "1m"), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("DB_STATEMENT_TIMEOUT, DB_LOCK_TIMEOUT").contains(
                "the statement timeout (PT1M) must be shorter than the socket timeout (PT30S)");

        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "DB_SOCKET_TIMEOUT", "PT2.5S"), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("the socket timeout must be a whole number of seconds");

        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "DB_LOCK_TIMEOUT", "soon"), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("DB_LOCK_TIMEOUT (or --db-lock-timeout) is invalid: expected a positive duration");
    }

    @Test
    void defaultsServeTheSampleService() {
        ServiceSettings settings = settingsOf(MINIMAL);

        assertThat(settings.topic().value()).isEqualTo("user-events");
        assertThat(settings.service().value()).isEqualTo("user-service");
        assertThat(settings.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/postgres");
        assertThat(settings.postgres().schema()).isEqualTo("public");
        assertThat(settings.mode()).isEqualTo(ProcessingMode.BATCH);
        assertThat(settings.keyConcurrency()).isEqualTo(1);
        assertThat(settings.batchSize()).isEqualTo(500);
        assertThat(settings.eventFormat()).isEqualTo(EventFormat.NATIVE);
        assertThat(settings.groupTimeouts()).isEqualTo(GroupTimeouts.KAFKA_DEFAULTS);
        assertThat(settings.postgres().timeouts()).isEqualTo(DatabaseTimeouts.DEFAULTS);
    }

    @Test
    void aFlagOverridesItsVariable() {
        ServiceSettings settings = settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092", "SERVICE_NAME", "from-env"),
                "--service-name", "from-flag");

        assertThat(settings.service().value()).isEqualTo("from-flag");
    }

    @Test
    void aMissingBrokerListNamesTheVariableTheFlagAndTheForm() {
        int exitCode = execute(Map.of(), "run");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("KAFKA_BOOTSTRAP_SERVERS (or --kafka-bootstrap-servers) is required: "
                + "a comma-separated list of host:port, e.g. localhost:9092");
    }

    @Test
    void aMalformedSettingNamesItselfAndTheExpectedForm() {
        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1"), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("KAFKA_BOOTSTRAP_SERVERS (or --kafka-bootstrap-servers) is invalid: "
                + "expected a comma-separated list of host:port");

        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "SERVICE_NAME", "user service"), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("SERVICE_NAME (or --service-name) is invalid: service name may contain only");

        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "PROCESSING_MODE", "bulk"), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("PROCESSING_MODE (or --processing-mode) is invalid: expected one of batch, "
                + "per-event, was 'bulk'");

        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "KEY_CONCURRENCY", "8"), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("KEY_CONCURRENCY (or --key-concurrency) is invalid: applies to "
                + "--processing-mode per-event only");

        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "EVENT_FORMAT", "avro"), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("EVENT_FORMAT (or --event-format) is invalid: expected one of native, "
                + "cloudevents, auto, was 'avro'");

        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "DB_URL", "postgres://db?password=hunter2"), "run"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("DB_URL (or --db-url) is invalid: database URL must be a PostgreSQL JDBC URL")
                .doesNotContain("hunter2");

        assertThat(execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "KAFKA_SESSION_TIMEOUT_MS", "0"), "run")).isEqualTo(2);
        assertThat(err.toString()).contains("KAFKA_SESSION_TIMEOUT_MS (or --kafka-session-timeout-ms) is invalid: "
                + "expected a positive number of milliseconds, was 0");
    }

    @Test
    void aMistypedFlagIsAUsageErrorThatSuggestsTheRightOne() {
        assertThat(execute(MINIMAL, "run", "--kafka-bootstrap-server", "x:1")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--kafka-bootstrap-server'")
                .contains("Possible solutions: --kafka-bootstrap-servers");
    }

    @Test
    void helpExplainsEverySettingWithItsVariableAndNeverShowsThePassword() {
        assertThat(execute(Map.of("DB_PASSWORD", "hunter2"), "run", "--help")).isZero();

        assertThat(out.toString()).contains("KAFKA_BOOTSTRAP_SERVERS", "EVENTS_TOPIC", "SERVICE_NAME", "DB_URL", "DB_USER",
                "DB_PASSWORD", "DB_SCHEMA", "PROCESSING_MODE", "KEY_CONCURRENCY", "BATCH_SIZE", "SHUTDOWN_GRACE",
                "KAFKA_SESSION_TIMEOUT_MS", "KAFKA_MAX_POLL_INTERVAL_MS").doesNotContain("hunter2");
    }

    @Test
    void settingsNeverPrintThePassword() {
        ServiceSettings settings = settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "DB_PASSWORD", "hunter2"));

        assertThat(settings.toString()).contains("password=****").doesNotContain("hunter2");
    }

    @Test
    void aPasswordInsideTheDatabaseUrlIsMaskedToo() {
        ServiceSettings settings = settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "DB_URL", "jdbc:postgresql://db/app?user=app&password=hunter2&sslpassword=hunter3&ssl=true"));

        assertThat(settings.toString())
                .contains("jdbc:postgresql://db/app?user=app&password=****&sslpassword=****&ssl=true")
                .doesNotContain("hunter2", "hunter3");
    }

    @Test
    void everyOtherKafkaVariableThatNamesAClientPropertySetsIt() {
        ServiceSettings settings = settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9093",
                "KAFKA_SESSION_TIMEOUT_MS", "6000",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
                "KAFKA_HEAP_OPTS", "-Xmx1g"));

        assertThat(settings.kafkaConnection().clientProperties()).isEqualTo(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/kafka/truststore.p12"));
    }

    @Test
    void aFileVariableGivesTheValueWithoutItsTrailingNewline(@TempDir Path secrets) throws IOException {
        Path jaas = Files.writeString(secrets.resolve("jaas"), JAAS + "\n");
        Path password = Files.writeString(secrets.resolve("db-password"), "from-a-file\r\n");

        ServiceSettings settings = settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9093",
                "KAFKA_SASL_JAAS_CONFIG_FILE", jaas.toString(), "DB_PASSWORD_FILE", password.toString()));

        assertThat(settings.kafkaConnection().clientProperties()).containsEntry("sasl.jaas.config", JAAS);
        assertThat(settings.postgres().password()).isEqualTo("from-a-file");
    }

    @Test
    void aVariableAndItsFileTogetherAreRefusedByName(@TempDir Path secrets) throws IOException {
        Path password = Files.writeString(secrets.resolve("db-password"), "from-a-file");

        int exitCode = execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "DB_PASSWORD", "from-the-variable",
                "DB_PASSWORD_FILE", password.toString()), "run");

        assertThat(exitCode).isEqualTo(Main.INVALID_SETTING);
        assertThat(err.toString()).contains("DB_PASSWORD and DB_PASSWORD_FILE are both set")
                .doesNotContain("from-a-file", "from-the-variable");
    }

    @Test
    void anUnreadableFileIsNamedWithTheVariable(@TempDir Path secrets) {
        int exitCode = execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "DB_PASSWORD_FILE", secrets.resolve("missing").toString()), "run");

        assertThat(exitCode).isEqualTo(Main.INVALID_SETTING);
        assertThat(err.toString()).contains("DB_PASSWORD_FILE is invalid: expected the path of a readable UTF-8 file");
    }

    @Test
    void theMigrationUserDefaultsToTheDatabaseUser() {
        ServiceSettings settings = settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "DB_USER", "app",
                "DB_PASSWORD", "app-secret"));

        assertThat(settings.postgres().migrationUser()).isEqualTo("app");
        assertThat(settings.postgres().migrationPassword()).isEqualTo("app-secret");
        assertThat(settings.postgres().migratesAsAnotherUser()).isFalse();
    }

    @Test
    void aMigrationUserOwnsTheTablesAndNeverShowsItsPassword() {
        ServiceSettings settings = settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "DB_USER", "app",
                "DB_PASSWORD", "app-secret", "DB_MIGRATION_USER", "app_owner", "DB_MIGRATION_PASSWORD", "owner-secret"));

        assertThat(settings.postgres().migrationUser()).isEqualTo("app_owner");
        assertThat(settings.postgres().migrationPassword()).isEqualTo("owner-secret");
        assertThat(settings.postgres().migratesAsAnotherUser()).isTrue();
        assertThat(settings.toString()).contains("migrationUser=app_owner").doesNotContain("owner-secret", "app-secret");
    }

    @Test
    void theEffectiveConfigurationMasksEveryKafkaSecret() {
        ServiceSettings settings = settingsOf(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9093",
                "KAFKA_SASL_JAAS_CONFIG", JAAS,
                "KAFKA_SSL_KEYSTORE_PASSWORD", "keystore-secret",
                "KAFKA_SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_SECRET", "oauth-secret"));

        assertThat(settings.toString())
                .contains("sasl.jaas.config=****", "ssl.keystore.password=****")
                .doesNotContain("alice-secret", "keystore-secret", "oauth-secret");
    }

    @Test
    void aUserNameThatAMigrationCannotQuoteNamesItsVariable() {
        int exitCode = execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "DB_MIGRATION_USER", "owner\"; DROP"), "run");

        assertThat(exitCode).isEqualTo(Main.INVALID_SETTING);
        assertThat(err.toString()).contains("DB_MIGRATION_USER (or --db-migration-user) is invalid: expected a user name");
    }

    @Test
    void theMutualTlsExampleReachesTheKafkaClientsWithItsSecretsMasked(@TempDir Path secrets) throws IOException {
        // docs/security.md, "Mutual TLS", with its files in a temporary directory.
        ServiceSettings settings = settingsOf(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9094",
                "KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", secrets.resolve("kafka-truststore.p12").toString(),
                "KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE", Files.writeString(secrets.resolve("t"), "truststore-pw\n").toString(),
                "KAFKA_SSL_KEYSTORE_LOCATION", secrets.resolve("user-service.p12").toString(),
                "KAFKA_SSL_KEYSTORE_PASSWORD_FILE", Files.writeString(secrets.resolve("k"), "keystore-pw\n").toString(),
                "KAFKA_SSL_KEY_PASSWORD_FILE", Files.writeString(secrets.resolve("p"), "key-pw\n").toString()));

        assertThat(settings.kafkaConnection().clientProperties()).isEqualTo(Map.of(
                "security.protocol", "SSL",
                "ssl.truststore.location", secrets.resolve("kafka-truststore.p12").toString(),
                "ssl.truststore.password", "truststore-pw",
                "ssl.keystore.location", secrets.resolve("user-service.p12").toString(),
                "ssl.keystore.password", "keystore-pw",
                "ssl.key.password", "key-pw"));
        assertThat(settings.toString()).contains("ssl.keystore.password=****")
                .doesNotContain("truststore-pw", "keystore-pw", "key-pw");
    }

    private ServiceSettings settingsOf(Map<String, String> environment, String... flags) {
        CommandLine commandLine = Main.commandLine(environment);
        String[] arguments = new String[flags.length + 1];
        arguments[0] = "run";
        System.arraycopy(flags, 0, arguments, 1, flags.length);
        commandLine.parseArgs(arguments);
        RunCommand run = commandLine.getSubcommands().get("run").getCommand();
        return run.options.settings(run.dbSchema);
    }

    private int execute(Map<String, String> environment, String... arguments) {
        CommandLine commandLine = Main.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(arguments);
    }
}
