package dev.eventidempotency.bootstrap.guarantees;

import dev.eventidempotency.adapter.kafka.GroupMembership;
import dev.eventidempotency.adapter.kafka.GroupProtocolChoice;
import dev.eventidempotency.adapter.kafka.GroupTimeouts;
import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.kafka.KafkaListenerSettings;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.bootstrap.RunningService;
import dev.eventidempotency.bootstrap.config.EventFormat;
import dev.eventidempotency.bootstrap.config.ProcessingMode;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.user.UserCreated;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One configuration of the sample service, started as a thread of the test JVM or as an operating
 * system process (the real jar, or a test main class) that can be killed. Both read the same settings.
 */
public record ServiceUnderTest(String service, String topic, ProcessingMode mode, int keyConcurrency, int batchSize,
        GroupTimeouts timeouts, GroupProtocolChoice protocol, String kafka, PostgresSettings postgres) {

    /**
     * A killed member's partitions move after 6 s (the broker's minimum session) instead of Kafka's 45 s,
     * so that a case with many kills stays short; every other timeout is Kafka's. Under the consumer
     * group protocol the session is the group's, configured on the broker before an instance starts.
     */
    public static final GroupTimeouts SHORT_SESSION =
            new GroupTimeouts(Duration.ofSeconds(6), GroupTimeouts.KAFKA_DEFAULTS.maxPollInterval());

    private static final Path JAR = Path.of("target/event-idempotency.jar");

    public static ServiceUnderTest of(String service, String topic, TestDatabase db) {
        return new ServiceUnderTest(service, topic, ProcessingMode.BATCH, 1, KafkaListenerSettings.DEFAULT_MAX_POLL_RECORDS,
                SHORT_SESSION, GroupProtocolChoice.AUTO, TestKafka.bootstrapServers(),
                TestPostgres.server().withSchema(db.schema()));
    }

    public ServiceUnderTest withProtocol(GroupProtocolChoice otherProtocol) {
        return new ServiceUnderTest(service, topic, mode, keyConcurrency, batchSize, timeouts, otherProtocol, kafka, postgres);
    }

    public ServiceUnderTest withMode(ProcessingMode otherMode) {
        return new ServiceUnderTest(service, topic, otherMode, keyConcurrency, batchSize, timeouts, protocol, kafka, postgres);
    }

    public ServiceUnderTest withKeyConcurrency(int otherKeyConcurrency) {
        return new ServiceUnderTest(service, topic, mode, otherKeyConcurrency, batchSize, timeouts, protocol, kafka, postgres);
    }

    public ServiceUnderTest withBatchSize(int otherBatchSize) {
        return new ServiceUnderTest(service, topic, mode, keyConcurrency, otherBatchSize, timeouts, protocol, kafka, postgres);
    }

    public ServiceUnderTest withTimeouts(GroupTimeouts otherTimeouts) {
        return new ServiceUnderTest(service, topic, mode, keyConcurrency, batchSize, otherTimeouts, protocol, kafka, postgres);
    }

    public ServiceUnderTest withKafka(String otherKafka) {
        return new ServiceUnderTest(service, topic, mode, keyConcurrency, batchSize, timeouts, protocol, otherKafka, postgres);
    }

    public ServiceUnderTest withPostgres(PostgresSettings otherPostgres) {
        return new ServiceUnderTest(service, topic, mode, keyConcurrency, batchSize, timeouts, protocol, kafka, otherPostgres);
    }

    /** Names the service's database sessions, so a test can find them, and only them, in {@code pg_stat_activity}. */
    public ServiceUnderTest withApplicationName(String applicationName) {
        String url = postgres.jdbcUrl() + (postgres.jdbcUrl().contains("?") ? "&" : "?") + "ApplicationName=" + applicationName;
        return withPostgres(postgres.withJdbcUrl(url));
    }

    public ServiceSettings settings() {
        return new ServiceSettings(new ServiceName(service), new TopicName(topic), KafkaConnection.to(kafka), mode,
                keyConcurrency, batchSize, KafkaListenerSettings.DEFAULT_MAX_ATTEMPTS,
                KafkaListenerSettings.DEFAULT_MAX_RECORD_BYTES, timeouts, new GroupMembership(protocol, Optional.empty()),
                EventFormat.NATIVE, postgres, KafkaListenerSettings.DEFAULT_PARTITION_CONCURRENCY);
    }

    public RunningService inProcess() {
        return inProcess(RunningService.sampleHandler());
    }

    public RunningService inProcess(EventHandler<UserCreated> handler) {
        configureGroupSession();
        return RunningService.start(settings(), handler);
    }

    /** {@code java -jar target/event-idempotency.jar run}, configured as an operator would: by environment only. */
    public ServiceProcess jar() {
        configureGroupSession();
        return ServiceProcess.start(List.of(ServiceProcess.javaBinary(), "-jar", JAR.toString(), "run"), environment());
    }

    /** A main class of the test classpath, configured by the same environment plus {@code extra}. */
    public ServiceProcess testMain(Class<?> mainClass, Map<String, String> extra) {
        configureGroupSession();
        Map<String, String> environment = new HashMap<>(environment());
        environment.putAll(extra);
        return ServiceProcess.start(List.of(ServiceProcess.javaBinary(), "-cp", System.getProperty("java.class.path"),
                mainClass.getName()), environment);
    }

    /** The session timeout for the consumer protocol too, where it is the group's; a third of it between heartbeats. */
    private void configureGroupSession() {
        if (!timeouts.session().equals(GroupTimeouts.KAFKA_DEFAULTS.session())) {
            TestKafka.configureGroupSession(kafka, service, timeouts.session(), timeouts.session().dividedBy(3));
        }
    }

    private Map<String, String> environment() {
        return Map.ofEntries(
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafka),
                Map.entry("EVENTS_TOPIC", topic),
                Map.entry("SERVICE_NAME", service),
                Map.entry("PROCESSING_MODE", mode.label()),
                Map.entry("KEY_CONCURRENCY", Integer.toString(keyConcurrency)),
                Map.entry("BATCH_SIZE", Integer.toString(batchSize)),
                Map.entry("KAFKA_SESSION_TIMEOUT_MS", Long.toString(timeouts.session().toMillis())),
                Map.entry("KAFKA_MAX_POLL_INTERVAL_MS", Long.toString(timeouts.maxPollInterval().toMillis())),
                Map.entry("KAFKA_GROUP_PROTOCOL", protocol.label()),
                Map.entry("DB_URL", postgres.jdbcUrl()),
                Map.entry("DB_USER", postgres.user()),
                Map.entry("DB_PASSWORD", postgres.password()),
                Map.entry("DB_SCHEMA", postgres.schema()),
                // Any free port: several jars may run at once (instances of a group, parallel builds).
                Map.entry("MANAGEMENT_PORT", "0"),
                // Every skipped duplicate is logged at DEBUG: the process's report of what it skipped.
                Map.entry("LOG_LEVEL", "DEBUG"));
    }
}
