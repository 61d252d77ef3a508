package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEventOutbox;
import dev.eventidempotency.adapter.postgres.user.UserMapper;
import dev.eventidempotency.application.outbox.RetrySchedule;
import dev.eventidempotency.bootstrap.CompositionRoot;
import dev.eventidempotency.bootstrap.config.MailOptions;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.bootstrap.outbox.ScheduledOutboxRelay;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.outbox.OutgoingEvent;
import dev.eventidempotency.domain.user.UserRegistered;
import dev.eventidempotency.tooling.demo.SelfContainedServers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event relay's publish rate: N {@code UserRegistered} rows wait in the event outbox, one per user
 * as the sample records them; the production relay (as {@code run} starts it, on a topic of its own)
 * publishes them, and the clock runs from its start until the last row is marked sent. The broker's
 * end offsets then show that every row was acknowledged once.
 */
final class EventRelayFlow {

    static final String ID = "f-event-relay";
    private static final Logger LOG = LoggerFactory.getLogger(EventRelayFlow.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final int ROWS_PER_TRANSACTION = 1_000;
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private final ServiceSettings base;
    private final String runId;

    EventRelayFlow(ServiceSettings base, String runId) {
        this.base = base;
        this.runId = runId;
    }

    FlowResult run(int rows) throws SQLException, InterruptedException {
        PostgresSettings postgres = base.postgres().withSchema(("benchmark_" + runId + "_" + ID).replace('-', '_'));
        TopicName topic = new TopicName(base.topic().value() + "-registered-" + runId);
        SelfContainedServers.dropSchema(postgres);
        try (PostgresDatabase database = PostgresDatabase.open(postgres, List.of(UserMapper.class))) {
            fill(database, topic, rows);
            analyze(database);
            LOG.info("Relaying {} pending events to {}", rows, topic);
            long started;
            long finished;
            try (ScheduledOutboxRelay relay = CompositionRoot.startEventRelay(database, base.kafkaConnection(),
                    base.service(), List.of(topic), INTERVAL, RetrySchedule.DEFAULT, MailOptions.DEFAULT_BATCH_SIZE)) {
                // The topic exists now: the clock measures publishing, not the topic's creation.
                started = System.nanoTime();
                awaitAllSent(database, rows);
                finished = System.nanoTime();
            }
            long markedSent = QueriedNumber.count(database, "SELECT count(*) FROM outbox_events WHERE status = 'sent'");
            long onTopic = recordsOn(topic);
            Duration span = Duration.ofNanos(finished - started);
            return FlowResult.relay(ID, "(f) event relay: outbox rows to Kafka, in batches", rows, span.toMillis(),
                    rows * 1_000_000_000.0 / Math.max(1, span.toNanos()), onTopic, markedSent);
        } finally {
            SelfContainedServers.dropSchema(postgres);
        }
    }

    private static void fill(PostgresDatabase database, TopicName topic, int rows) {
        MyBatisEventOutbox outbox = new MyBatisEventOutbox();
        for (int from = 0; from < rows; from += ROWS_PER_TRANSACTION) {
            List<OutgoingEvent> events = new ArrayList<>();
            for (int i = from; i < Math.min(rows, from + ROWS_PER_TRANSACTION); i++) {
                String userId = UUID.nameUUIDFromBytes(("benchmark-user-" + i).getBytes(StandardCharsets.UTF_8)).toString();
                events.add(new OutgoingEvent(new EventId("user-registered:benchmark-" + i), topic, userId,
                        UserRegistered.TYPE, Instant.now(), Map.of("userId", userId, "email", "user" + i + "@example.org",
                                "name", "User " + i)));
            }
            database.unitOfWork().inTransaction(transaction -> {
                outbox.record(transaction, events);
                return null;
            });
        }
    }

    /**
     * Statistics as autovacuum would gather them: without any the planner guesses one due row, and each
     * claim then checks the order of every pending row before it sorts them (~50 ms per claim at 13,000).
     */
    private static void analyze(PostgresDatabase database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("VACUUM ANALYZE outbox_events")) {
            connection.setAutoCommit(true);
            statement.execute();
            connection.setAutoCommit(false);
        }
    }

    private static void awaitAllSent(PostgresDatabase database, int rows) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (QueriedNumber.count(database, "SELECT count(*) FROM outbox_events WHERE status <> 'sent'") > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the relay did not publish " + rows + " events within " + TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    /** Every record the topic holds: the sum of its partitions' end offsets. */
    private long recordsOn(TopicName topic) throws InterruptedException {
        try (Admin admin = Admin.create(base.kafkaConnection().adminConfig())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic.value())).allTopicNames().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic.value()).partitions()
                    .forEach(info -> latest.put(new TopicPartition(topic.value(), info.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (ExecutionException | TimeoutException unanswered) {
            throw new IllegalStateException("could not read the end offsets of " + topic + ": " + unanswered, unanswered);
        }
    }
}
