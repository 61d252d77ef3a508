package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.adapter.kafka.KafkaEventListener;
import dev.eventidempotency.adapter.kafka.KafkaListenerSettings;
import dev.eventidempotency.adapter.kafka.ListenerStatistics;
import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.position.MyBatisConsumedPositions;
import dev.eventidempotency.adapter.postgres.user.UserMapper;
import dev.eventidempotency.application.idempotency.KeepConsumedPositions;
import dev.eventidempotency.bootstrap.CompositionRoot;
import dev.eventidempotency.bootstrap.KeyLanes;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.user.UserCreated;
import dev.eventidempotency.tooling.demo.SelfContainedServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one flow over the benchmark's topic from its first offset: a schema and a consumer group of
 * its own, the production listener, and a wait until every record is accounted for and committed.
 */
final class FlowRunner {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRunner.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final ServiceSettings base;
    private final String runId;
    private final int events;
    private final int distinct;

    FlowRunner(ServiceSettings base, String runId, int events, int distinct) {
        this.base = base;
        this.runId = runId;
        this.events = events;
        this.distinct = distinct;
    }

    FlowResult run(Flow flow, long prefilledLedgerRows) throws SQLException, InterruptedException {
        return run(flow, prefilledLedgerRows, () -> { });
    }

    /** {@code whileConsuming} runs on a thread of its own once the listener has joined its group, e.g. to publish. */
    FlowResult run(Flow flow, long prefilledLedgerRows, Runnable whileConsuming) throws SQLException, InterruptedException {
        // The run's id keeps two benchmarks on one database out of each other's schemas.
        String schema = ("benchmark_" + runId + "_" + flow.id() + "_" + prefilledLedgerRows).replace('-', '_');
        PostgresSettings postgres = base.postgres().withSchema(schema);
        ServiceName service = new ServiceName("benchmark-" + runId + "-" + flow.id() + "-" + prefilledLedgerRows);
        SelfContainedServers.dropSchema(postgres);
        // One connection per lane, as the service sizes its pool.
        try (PostgresDatabase database = PostgresDatabase.open(postgres.withPoolSize(postgres.poolSize() - 1
                + flow.keyConcurrency()), List.of(UserMapper.class));
                FlowTracing tracing = new FlowTracing(flow.tracing());
                KeyLanes lanes = new KeyLanes(flow.keyConcurrency())) {
            prepare(flow, database, service, prefilledLedgerRows);
            LOG.info("Running {} with {} ledger rows already present", flow.label(), prefilledLedgerRows);
            KafkaEventListener<UserCreated> listener = KafkaEventListener.create(
                    new KafkaListenerSettings(base.kafkaConnection(), base.topic(), service, flow.batchSize(),
                            base.maxAttempts(), base.maxRecordBytes(), base.groupTimeouts())
                            .withPartitionConcurrency(base.partitionConcurrency()).withGathering(flow.gathering()),
                    CompositionRoot.userEventDecoder(),
                    flow.useCase(service, database, tracing.around(database.unitOfWork()), lanes),
                    new KeepConsumedPositions(service, database.unitOfWork(), new MyBatisConsumedPositions()),
                    tracing.openTelemetry());
            Thread consumer = new Thread(listener, "benchmark-" + flow.id());
            consumer.start();
            Thread feeder = new Thread(() -> awaitJoined(listener.statistics(), whileConsuming), "benchmark-feed-" + flow.id());
            feeder.start();
            try {
                awaitEverythingCommitted(listener.statistics(), service);
            } finally {
                listener.stop();
                consumer.join(TIMEOUT.toMillis());
                feeder.join(TIMEOUT.toMillis());
            }
            return measure(flow, database, service, prefilledLedgerRows, listener.statistics(), tracing.spansExported());
        } finally {
            SelfContainedServers.dropSchema(postgres);
        }
    }

    private void prepare(Flow flow, PostgresDatabase database, ServiceName service, long prefilledLedgerRows)
            throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            if (!flow.exactlyOnce()) {
                // Redeliveries must land as rows for the baseline to show them; an index keeps the write cost alike.
                execute(connection, "ALTER TABLE users DROP CONSTRAINT users_pkey");
                execute(connection, "CREATE INDEX users_user_id ON users (user_id)");
            }
            if (prefilledLedgerRows > 0) {
                try (PreparedStatement prefill = connection.prepareStatement("""
                        INSERT INTO processed_events (event_id, service_name, topic)
                        SELECT 'prefill-' || g, ?, 'prefill' FROM generate_series(1, ?) AS g""")) {
                    prefill.setString(1, service.value());
                    prefill.setLong(2, prefilledLedgerRows);
                    prefill.executeUpdate();
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            execute(connection, "VACUUM ANALYZE processed_events");
            connection.setAutoCommit(false);
        }
    }

    private static void awaitJoined(ListenerStatistics statistics, Runnable then) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!statistics.joinedGroup() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        then.run();
    }

    private void awaitEverythingCommitted(ListenerStatistics statistics, ServiceName group) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            long accounted = statistics.processed() + statistics.duplicatesSkipped() + statistics.deadLettered();
            if (accounted >= events && committedEqualsEnd(group)) {
                return;
            }
            Thread.sleep(accounted >= events ? 20 : 5);
        }
        throw new IllegalStateException("the flow did not finish within " + TIMEOUT);
    }

    private boolean committedEqualsEnd(ServiceName group) {
        try (Admin admin = Admin.create(base.kafkaConnection().adminConfig())) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group.value()).partitionsToOffsetAndMetadata().get();
            List<TopicPartition> partitions = admin.describeTopics(List.of(base.topic().value())).allTopicNames().get()
                    .get(base.topic().value()).partitions().stream()
                    .map(info -> new TopicPartition(base.topic().value(), info.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            return partitions.stream().allMatch(partition -> committed.get(partition) != null
                    && committed.get(partition).offset() == ends.get(partition).offset());
        } catch (ExecutionException unanswered) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private FlowResult measure(Flow flow, PostgresDatabase database, ServiceName service, long prefilledLedgerRows,
            ListenerStatistics statistics, long spans) throws SQLException {
        Duration span = statistics.busySpan();
        try (Connection connection = database.dataSource().getConnection()) {
            long users = count(connection, "SELECT count(*) FROM users");
            long registrations = count(connection,
                    "SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'users_registered'");
            long ledgerRows = count(connection, "SELECT count(*) FROM processed_events WHERE topic <> 'prefill'");
            connection.rollback();
            return new FlowResult(flow.id(), flow.label(), flow.batchSize(), prefilledLedgerRows, events, distinct,
                    span.toMillis(), events * 1_000_000_000.0 / Math.max(1, span.toNanos()),
                    millis(statistics.deliveryToCommitLatency().percentile(0.50)),
                    millis(statistics.deliveryToCommitLatency().percentile(0.99)),
                    statistics.duplicatesSkipped(), users, registrations, ledgerRows, spans, flow.exactlyOnce(),
                    statistics.batches());
        }
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1_000_000.0;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
