package dev.eventidempotency.bootstrap.config;

import static dev.eventidempotency.bootstrap.config.InvalidSettingException.invalid;
import static dev.eventidempotency.bootstrap.config.InvalidSettingException.parse;
import static dev.eventidempotency.bootstrap.config.InvalidSettingException.require;

import dev.eventidempotency.adapter.kafka.GroupMembership;
import dev.eventidempotency.adapter.kafka.GroupProtocolChoice;
import dev.eventidempotency.adapter.kafka.GroupTimeouts;
import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The settings every command shares. Each flag {@code --foo-bar} also reads {@code FOO_BAR}. */
public final class ServiceOptions {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceOptions.class);
    private static final Pattern HOST_PORT_LIST = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");

    @Option(names = "--kafka-bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Kafka brokers to connect to. Env: KAFKA_BOOTSTRAP_SERVERS.")
    String kafkaBootstrapServers;

    @Option(names = "--events-topic", paramLabel = "TOPIC", defaultValue = "user-events",
            description = "Topic to consume. Its dead letters go to TOPIC.DLT. Env: EVENTS_TOPIC. Default: ${DEFAULT-VALUE}.")
    String eventsTopic;

    @Option(names = {"--service-name", "--service"}, paramLabel = "NAME", defaultValue = "user-service",
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

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "10",
            description = "Attempts before an event that fails for an unknown reason goes to the dead-letter topic. "
                    + "Rejected by the database: dead-lettered at once; database unavailable: retried until it is back. "
                    + "Env: MAX_ATTEMPTS. Default: ${DEFAULT-VALUE}.")
    int maxAttempts;

    @Option(names = "--kafka-session-timeout-ms", paramLabel = "MS", defaultValue = "45000",
            description = "How long the group waits for a silent (crashed) instance before its partitions move to "
                    + "another. Env: KAFKA_SESSION_TIMEOUT_MS. Default: ${DEFAULT-VALUE} (Kafka's).")
    long sessionTimeoutMs;

    @Option(names = "--kafka-max-poll-interval-ms", paramLabel = "MS", defaultValue = "300000",
            description = "How long one poll's units of work may take before the instance is put out of the group. "
                    + "Env: KAFKA_MAX_POLL_INTERVAL_MS. Default: ${DEFAULT-VALUE} (Kafka's).")
    long maxPollIntervalMs;

    @Option(names = "--poll-work-limit", paramLabel = "DURATION",
            description = "Most time one poll's work may take; the partitions not reached by then are polled again, so a "
                    + "slow database never costs the group a rebalance. Below --kafka-max-poll-interval-ms. "
                    + "Env: POLL_WORK_LIMIT. Default: half of --kafka-max-poll-interval-ms.")
    String pollWorkLimit;

    @Option(names = "--kafka-group-protocol", paramLabel = "PROTOCOL", defaultValue = "auto",
            description = "consumer: Kafka 4's consumer group protocol (KIP-848), rebalancing one member at a time; "
                    + "classic: the protocol before it; auto: consumer when the brokers have it enabled, else classic. "
                    + "Env: KAFKA_GROUP_PROTOCOL. Default: ${DEFAULT-VALUE}.")
    String groupProtocol;

    @Option(names = "--kafka-group-instance-id", paramLabel = "ID",
            description = "A static member's identity (group.instance.id), unique per instance and stable across its "
                    + "restarts: a restart within the session timeout keeps the instance's partitions without a rebalance. "
                    + "Env: KAFKA_GROUP_INSTANCE_ID. Default: none (a dynamic member).")
    String groupInstanceId;

    @Option(names = "--max-record-bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Larger record values go to the dead-letter topic undecoded. Env: MAX_RECORD_BYTES. "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxRecordBytes;

    @Mixin
    DatabaseOptions database;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

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
        return settingsUsing(new KafkaConnection(servers, kafkaClientProperties()), schema);
    }

    /** As {@link #settings(String)}, with a plain broker the command provides itself (the demo's local broker). */
    public ServiceSettings settingsUsingBrokers(String bootstrapServers, String schema) {
        return settingsUsing(KafkaConnection.to(bootstrapServers), schema);
    }

    private ServiceSettings settingsUsing(KafkaConnection kafka, String schema) {
        ServiceName service = parse("--service-name", serviceName, ServiceName::new);
        TopicName topic = parse("--events-topic", eventsTopic, TopicName::new);
        ProcessingMode mode = parse("--processing-mode", processingMode, ProcessingMode::fromLabel);
        if (batchSize < 1 || batchSize > 10_000) {
            throw invalid("--batch-size", "expected a number from 1 to 10000, was " + batchSize);
        }
        if (maxAttempts < 1) {
            throw invalid("--max-attempts", "expected a number of at least 1, was " + maxAttempts);
        }
        if (maxRecordBytes < 1) {
            throw invalid("--max-record-bytes", "expected a number of bytes of at least 1, was " + maxRecordBytes);
        }
        if (sessionTimeoutMs < 1 || sessionTimeoutMs > Integer.MAX_VALUE) {
            throw invalid("--kafka-session-timeout-ms", "expected a positive number of milliseconds, was " + sessionTimeoutMs);
        }
        if (maxPollIntervalMs < 1 || maxPollIntervalMs > Integer.MAX_VALUE) {
            throw invalid("--kafka-max-poll-interval-ms",
                    "expected a positive number of milliseconds, was " + maxPollIntervalMs);
        }
        Duration maxPollInterval = Duration.ofMillis(maxPollIntervalMs);
        Duration workLimit = pollWorkLimit == null ? maxPollInterval.dividedBy(2)
                : parse("--poll-work-limit", pollWorkLimit, DurationText::parse);
        if (workLimit.compareTo(maxPollInterval) >= 0) {
            throw invalid("--poll-work-limit", "expected less than --kafka-max-poll-interval-ms (" + maxPollIntervalMs
                    + " ms), or the group puts the instance out while it works; was " + workLimit.toMillis() + " ms");
        }
        GroupTimeouts timeouts = new GroupTimeouts(Duration.ofMillis(sessionTimeoutMs), maxPollInterval, workLimit);
        GroupProtocolChoice protocol = parse("--kafka-group-protocol", groupProtocol, GroupProtocolChoice::fromLabel);
        if (groupInstanceId != null && !groupInstanceId.matches("[A-Za-z0-9._-]{1,249}")) {
            throw invalid("--kafka-group-instance-id", "expected 1 to 249 letters, digits, '.', '_' or '-', was '"
                    + groupInstanceId + "'");
        }
        GroupMembership membership = new GroupMembership(protocol, Optional.ofNullable(groupInstanceId));
        return new ServiceSettings(service, topic, kafka, mode, batchSize, maxAttempts, maxRecordBytes, timeouts, membership,
                postgres(schema));
    }

    /**
     * The {@code KAFKA_*} variables that are not this command's own options (see {@link EnvironmentDefaults})
     * and name a property some Kafka client knows. Others, such as {@code KAFKA_HEAP_OPTS} of Kafka's own
     * scripts, are left out, with a warning that catches a misspelt property.
     */
    private Map<String, String> kafkaClientProperties() {
        if (!(command.defaultValueProvider() instanceof EnvironmentDefaults environment)) {
            return Map.of();
        }
        Set<String> optionVariables = command.options().stream()
                .map(option -> EnvironmentDefaults.variableFor(option.longestName()))
                .collect(Collectors.toSet());
        Map<String, String> properties = new TreeMap<>(environment.kafkaClientProperties(optionVariables));
        properties.keySet().removeIf(property -> {
            boolean unknown = !KafkaConnection.knownToAnyClient(property);
            if (unknown) {
                LOG.warn("Ignored {}: {} is no Kafka consumer, producer or admin property",
                        EnvironmentDefaults.kafkaVariable(property), property);
            }
            return unknown;
        });
        return properties;
    }

    public PostgresSettings postgres(String schema) {
        return database.postgres(schema);
    }

    public boolean hasKafkaBootstrapServers() {
        return kafkaBootstrapServers != null && !kafkaBootstrapServers.isBlank();
    }
}
