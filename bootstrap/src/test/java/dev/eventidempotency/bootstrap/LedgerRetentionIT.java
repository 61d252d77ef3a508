package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.eventidempotency.adapter.kafka.GroupTimeouts;
import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.kafka.KafkaListenerSettings;
import dev.eventidempotency.adapter.kafka.KafkaTopics;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.ledger.port.in.PurgeLedgerUseCase;
import dev.eventidempotency.bootstrap.config.InvalidSettingException;
import dev.eventidempotency.bootstrap.config.ProcessingMode;
import dev.eventidempotency.bootstrap.config.RetentionSettings;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.bootstrap.ledger.RetentionGuard;
import dev.eventidempotency.bootstrap.ledger.ScheduledLedgerPurge;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The running service's retention: the scheduled purge, and the start-up comparison with the broker's retention. */
class LedgerRetentionIT extends EndToEndTest {

    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    @Test
    void theScheduledPurgeDeletesOldRowsOnItsOwnThreadAndLeavesTheRest() {
        db.execute("""
                INSERT INTO processed_events (event_id, service_name, topic, processed_at)
                SELECT CASE WHEN g <= 250 THEN 'old-' ELSE 'recent-' END || g, 'user-service', 'user-events',
                       now() - CASE WHEN g <= 250 THEN interval '31 days' ELSE interval '29 days' END
                FROM generate_series(1, 300) AS g""");
        ListAppender<ILoggingEvent> log = capture(ScheduledLedgerPurge.class);
        PostgresSettings settings = TestPostgres.server().withSchema(db.schema());

        try (ScheduledLedgerPurge ignored = ScheduledLedgerPurge.start(CompositionRoot.ledgerPurging(db.database(), settings),
                new ServiceName("user-service"), new RetentionSettings(THIRTY_DAYS, Duration.ofMillis(200), 100, false))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM processed_events") == 50);
            await().atMost(Duration.ofSeconds(5)).until(() -> log.list.stream().anyMatch(event ->
                    event.getFormattedMessage().startsWith("Ledger purge deleted 250 rows")));
        }

        assertThat(db.query("SELECT DISTINCT left(event_id, 7) FROM processed_events")).containsExactly("recent-");
        assertThat(log.list).filteredOn(event -> event.getFormattedMessage().startsWith("Ledger purge deleted"))
                .extracting(ILoggingEvent::getThreadName).containsOnly("ledger-purge");
    }

    @Test
    void twoServicesSharingTheLedgerTableEachPurgeOnlyTheirOwnRowsWithTheirOwnRetention() {
        db.execute("""
                INSERT INTO processed_events (event_id, service_name, topic, processed_at)
                SELECT service || '-' || age || '-' || g, service, 'user-events', now() - age * interval '1 day'
                FROM (VALUES ('user-service', 31, 100), ('user-service', 29, 50), ('audit-service', 61, 40),
                             ('audit-service', 31, 100), ('audit-service', 5, 10))
                     AS spec (service, age, how_many), generate_series(1, how_many) AS g""");
        PurgeLedgerUseCase purging = CompositionRoot.ledgerPurging(db.database(), TestPostgres.server().withSchema(db.schema()));
        RetentionSettings thirtyDays = new RetentionSettings(THIRTY_DAYS, Duration.ofMillis(100), 30, false);
        RetentionSettings sixtyDays = new RetentionSettings(Duration.ofDays(60), Duration.ofMillis(100), 30, false);

        try (ScheduledLedgerPurge user = ScheduledLedgerPurge.start(purging, new ServiceName("user-service"), thirtyDays);
             ScheduledLedgerPurge audit = ScheduledLedgerPurge.start(purging, new ServiceName("audit-service"), sixtyDays)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> user.purges() >= 2 && audit.purges() >= 2);

            assertThat(db.query("""
                    SELECT service_name || ' ' || split_part(event_id, '-', 3) || 'd ' || count(*) FROM processed_events
                    GROUP BY service_name, split_part(event_id, '-', 3) ORDER BY 1"""))
                    .containsExactly("audit-service 31d 100", "audit-service 5d 10", "user-service 29d 50");
            assertThat(user.purgedRows()).isEqualTo(100);
            assertThat(audit.purgedRows()).isEqualTo(40);
        }
    }

    @Test
    void aTopicThatKeepsRecordsLongerThanTheLedgerIsWarnedAbout() {
        String topic = topicWithRetention(Duration.ofDays(40));
        ListAppender<ILoggingEvent> log = capture(RetentionGuard.class);

        RetentionGuard.check(new RetentionSettings(THIRTY_DAYS, Duration.ofHours(24), 1000, false), settings(topic));

        assertThat(log.list).singleElement().satisfies(warning -> {
            assertThat(warning.getLevel()).isEqualTo(Level.WARN);
            assertThat(warning.getFormattedMessage()).contains("ledger retention 30d; topic '" + topic
                    + "' keeps records up to 47d (retention.ms 40d + segment.ms 7d)", "(offsets.retention.minutes)",
                    "would be processed again");
        });
    }

    @Test
    void strictModeRefusesToStartTheServiceWithExitCodeTwo() {
        String topic = topicWithRetention(Duration.ofDays(40));
        PostgresSettings server = TestPostgres.server();

        CommandRun run = CommandRun.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(), "EVENTS_TOPIC", topic,
                "SERVICE_NAME", "strict-" + topic, "DB_URL", server.jdbcUrl(), "DB_USER", server.user(),
                "DB_PASSWORD", server.password(), "DB_SCHEMA", db.schema(), "LEDGER_RETENTION_CHECK", "strict"), "run");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("LEDGER_RETENTION (or --ledger-retention) is too short: ledger retention 30d;")
                .contains("LEDGER_RETENTION_CHECK=strict refuses to start");
    }

    @Test
    void aLedgerThatOutlivesTheTopicIsAcceptedEvenInStrictMode() {
        String topic = topicWithRetention(Duration.ofDays(7));
        ListAppender<ILoggingEvent> log = capture(RetentionGuard.class);

        RetentionGuard.check(new RetentionSettings(THIRTY_DAYS, Duration.ofHours(24), 1000, true), settings(topic));

        assertThat(log.list).singleElement().satisfies(info -> {
            assertThat(info.getLevel()).isEqualTo(Level.INFO);
            assertThat(info.getFormattedMessage()).contains("A replay cannot reach an event whose ledger row is gone");
        });
    }

    @Test
    void aTopicThatKeepsRecordsForeverIsRefusedInStrictMode() {
        String topic = topicWithRetention(Duration.ofMillis(-1));

        assertThatThrownBy(() -> RetentionGuard.check(
                new RetentionSettings(Duration.ofDays(3650), Duration.ofHours(24), 1000, true), settings(topic)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("keeps records forever");
    }

    private static String topicWithRetention(Duration retention) {
        String topic = "retention-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = TestKafka.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of("retention.ms", Long.toString(retention.toMillis()))))).all().get();
        } catch (Exception failure) {
            throw new IllegalStateException(failure);
        }
        // Exists now; this returns once its partition has a leader, so its configuration can be read.
        KafkaTopics.createIfMissing(KafkaConnection.to(TestKafka.bootstrapServers()), topic, 1);
        return topic;
    }

    private static ServiceSettings settings(String topic) {
        return new ServiceSettings(new ServiceName("user-service"), new TopicName(topic), KafkaConnection.to(TestKafka.bootstrapServers()),
                ProcessingMode.BATCH, KafkaListenerSettings.DEFAULT_MAX_POLL_RECORDS, KafkaListenerSettings.DEFAULT_MAX_ATTEMPTS,
                KafkaListenerSettings.DEFAULT_MAX_RECORD_BYTES, GroupTimeouts.KAFKA_DEFAULTS,
                TestPostgres.server().withSchema(db.schema()));
    }

    private static ListAppender<ILoggingEvent> capture(Class<?> loggerOf) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerOf);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }
}
