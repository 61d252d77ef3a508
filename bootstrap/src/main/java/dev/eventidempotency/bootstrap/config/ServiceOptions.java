package dev.eventidempotency.bootstrap.config;

import dev.eventidempotency.adapter.kafka.GroupTimeouts;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The settings every command shares. Each flag {@code --foo-bar} also reads {@code FOO_BAR}. */
public final class ServiceOptions {

    private static final Pattern HOST_PORT_LIST = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");

    @Option(names = "--kafka-bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Kafka brokers to connect to. Env: KAFKA_BOOTSTRAP_SERVERS.")
    String kafkaBootstrapServers;

    @Option(names = "--events-topic", paramLabel = "TOPIC", defaultValue = "user-events",
            description = "Topic to consume. Its dead letters go to TOPIC.DLT. Env: EVENTS_TOPIC. Default: ${DEFAULT-VALUE}.")
    String eventsTopic;

    @Option(names = "--service-name", paramLabel = "NAME", defaultValue = "user-service",
            description = "This service's name: the consumer group id and the ledger's service_name. "
                    + "Env: SERVICE_NAME. Default: ${DEFAULT-VALUE}.")
    String serviceName;

    @Option(names = "--processing-mode", paramLabel = "MODE", defaultValue = "batch",
            description = "batch: one transaction per partition per poll, claimed set-wise; per-event: one transaction "
                    + "per event. Env: PROCESSING_MODE. Default: ${DEFAULT-VALUE}.")
    String processingMode;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "500",
            description = "Most records per poll (max.poll.records), so most events per batch. "
                    + "Env: BATCH_SIZE. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--kafka-session-timeout-ms", paramLabel = "MS", defaultValue = "45000",
            description = "How long the group waits for a silent (crashed) instance before its partitions move to "
                    + "another. Env: KAFKA_SESSION_TIMEOUT_MS. Default: ${DEFAULT-VALUE} (Kafka's).")
    long sessionTimeoutMs;

    @Option(names = "--kafka-max-poll-interval-ms", paramLabel = "MS", defaultValue = "300000",
            description = "How long one poll's units of work may take before the instance is put out of the group. "
                    + "Env: KAFKA_MAX_POLL_INTERVAL_MS. Default: ${DEFAULT-VALUE} (Kafka's).")
    long maxPollIntervalMs;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", defaultValue = "jdbc:postgresql://localhost:5432/postgres",
            description = "PostgreSQL JDBC URL (TLS via its sslmode parameter). Env: DB_URL. "
                    + "Default: jdbc:postgresql://localhost:5432/postgres.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "postgres",
            description = "Database user. Env: DB_USER. Default: ${DEFAULT-VALUE}.")
    String dbUser;

    // No ${DEFAULT-VALUE} here: the help text would print a password taken from the environment.
    @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "",
            description = "Database password. Env: DB_PASSWORD. Default: empty.")
    String dbPassword;

    /**
     * Validates every setting, naming the first wrong one, its variable and the form it expects. The
     * schema is the command's own choice: {@code run} reads it from {@code DB_SCHEMA}, the demo uses its own.
     */
    public ServiceSettings settings(String schema) {
        String servers = require(kafkaBootstrapServers, "--kafka-bootstrap-servers",
                "a comma-separated list of host:port, e.g. localhost:9092");
        if (!HOST_PORT_LIST.matcher(servers).matches()) {
            throw invalid("--kafka-bootstrap-servers",
                    "expected a comma-separated list of host:port without spaces, e.g. kafka-1:9092,kafka-2:9092, "
                            + "was '" + servers + "'");
        }
        return settingsUsingBrokers(servers, schema);
    }

    /** As {@link #settings(String)}, with brokers the command provides itself (the demo's local broker). */
    public ServiceSettings settingsUsingBrokers(String bootstrapServers, String schema) {
        ServiceName service = parse("--service-name", serviceName, ServiceName::new);
        TopicName topic = parse("--events-topic", eventsTopic, TopicName::new);
        ProcessingMode mode = parse("--processing-mode", processingMode, ProcessingMode::fromLabel);
        if (batchSize < 1 || batchSize > 10_000) {
            throw invalid("--batch-size", "expected a number from 1 to 10000, was " + batchSize);
        }
        if (sessionTimeoutMs < 1 || sessionTimeoutMs > Integer.MAX_VALUE) {
            throw invalid("--kafka-session-timeout-ms", "expected a positive number of milliseconds, was " + sessionTimeoutMs);
        }
        if (maxPollIntervalMs < 1 || maxPollIntervalMs > Integer.MAX_VALUE) {
            throw invalid("--kafka-max-poll-interval-ms",
                    "expected a positive number of milliseconds, was " + maxPollIntervalMs);
        }
        GroupTimeouts timeouts = new GroupTimeouts(Duration.ofMillis(sessionTimeoutMs), Duration.ofMillis(maxPollIntervalMs));
        return new ServiceSettings(service, topic, bootstrapServers, mode, batchSize, timeouts, postgres(schema));
    }

    public PostgresSettings postgres(String schema) {
        PostgresSettings postgres = parse("--db-url", dbUrl, url -> new PostgresSettings(
                url, dbUser, dbPassword, PostgresSettings.DEFAULT_SCHEMA, PostgresSettings.DEFAULT_POOL_SIZE));
        return parse("--db-schema", schema, postgres::withSchema);
    }

    public boolean hasKafkaBootstrapServers() {
        return kafkaBootstrapServers != null && !kafkaBootstrapServers.isBlank();
    }

    private static String require(String value, String option, String expected) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(EnvironmentDefaults.variableFor(option) + " (or " + option
                    + ") is required: " + expected);
        }
        return value;
    }

    private static <T> T parse(String option, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException wrong) {
            throw invalid(option, wrong.getMessage());
        }
    }

    private static InvalidSettingException invalid(String option, String problem) {
        return new InvalidSettingException(
                EnvironmentDefaults.variableFor(option) + " (or " + option + ") is invalid: " + problem);
    }
}
