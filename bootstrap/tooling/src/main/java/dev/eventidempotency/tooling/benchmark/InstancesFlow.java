package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.adapter.kafka.KafkaTopics;
import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.user.UserMapper;
import dev.eventidempotency.bootstrap.config.ProcessingMode;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.tooling.demo.SelfContainedServers;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service as it scales out: {@code instances} processes of it, one consumer group, on a topic of
 * {@link #PARTITIONS} partitions that holds the benchmark's records. The records are held back until the
 * group has settled ({@link HeldRecords}), so the clock measures consuming, not starting or rebalancing:
 * from the first effect (the first ledger row's transaction) to the moment every offset is committed,
 * both on the database's clock. Batch mode and the service's defaults, except that the outbox relays
 * stay idle, as in every other flow.
 */
final class InstancesFlow {

    static final int PARTITIONS = 6;
    private static final Logger LOG = LoggerFactory.getLogger(InstancesFlow.class);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration FINISH_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private final ServiceSettings base;
    private final String runId;
    private final DemoEventStream stream;
    private final int batchSize;

    InstancesFlow(ServiceSettings base, String runId, DemoEventStream stream, int batchSize) {
        this.base = base;
        this.runId = runId;
        this.stream = stream;
        this.batchSize = batchSize;
    }

    FlowResult run(int instances) throws SQLException, InterruptedException {
        String id = "h-instances-" + instances;
        TopicName topic = new TopicName(base.topic().value() + "-" + id);
        ServiceName group = new ServiceName("benchmark-" + runId + "-" + id);
        PostgresSettings postgres = base.postgres().withSchema(("benchmark_" + runId + "_" + id).replace('-', '_'));
        SelfContainedServers.dropSchema(postgres);
        KafkaTopics.createIfMissing(base.kafkaConnection(), topic.value(), PARTITIONS);
        // Migrated here, once: the instances then find the schema ready instead of racing to create it.
        try (PostgresDatabase database = PostgresDatabase.open(postgres, List.of(UserMapper.class));
             HeldRecords records = HeldRecords.publish(stream, base.kafkaConnection(), topic.value(), group.value());
             Admin admin = Admin.create(base.kafkaConnection().adminConfig())) {
            List<ServiceInstance> started = new ArrayList<>();
            try {
                for (int instance = 1; instance <= instances; instance++) {
                    started.add(ServiceInstance.start(id + "-" + instance, environment(topic, group, postgres)));
                }
                LOG.info("Started {} instance(s) of the service in group {}; waiting for it to settle", instances, group);
                awaitSettled(admin, group, topic, started);
                records.release();
                LOG.info("Released the records to {} instance(s)", instances);
                awaitCommitted(admin, group, topic, records.nextOffsets(), started);
                double spanSeconds = secondsSinceFirstEffect(database);
                LOG.info("Every record committed, {} s after the first effect", String.format(Locale.ROOT, "%.2f", spanSeconds));
                List<InstanceMetrics> reported = new ArrayList<>();
                for (ServiceInstance instance : started) {
                    reported.add(instance.scrape());
                }
                started.forEach(ServiceInstance::terminate);
                for (ServiceInstance instance : started) {
                    if (!instance.exitedCleanly(STOP_TIMEOUT)) {
                        LOG.warn("An instance did not stop cleanly within {}:\n{}", STOP_TIMEOUT, instance.logTail());
                    }
                }
                return result(id, instances, spanSeconds, reported, database);
            } finally {
                for (ServiceInstance instance : started) {
                    instance.close();
                }
            }
        } finally {
            SelfContainedServers.dropSchema(postgres);
        }
    }

    /**
     * As an operator configures an instance, by its environment: the benchmark's brokers, database and
     * consumer settings, a group, topic and schema of the flow's own, any free management port. The
     * relays' first pass finds the outbox empty and the next is an hour away, so they take no share of
     * the machine while the flow is measured. The database sessions carry the group's name, so that
     * they, and their CPU, can be told apart in {@code pg_stat_activity}.
     */
    private Map<String, String> environment(TopicName topic, ServiceName group, PostgresSettings postgres) {
        return Map.ofEntries(
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", base.kafkaBootstrapServers()),
                Map.entry("EVENTS_TOPIC", topic.value()),
                Map.entry("SERVICE_NAME", group.value()),
                Map.entry("PROCESSING_MODE", ProcessingMode.BATCH.label()),
                Map.entry("BATCH_SIZE", Integer.toString(batchSize)),
                Map.entry("PARTITION_CONCURRENCY", Integer.toString(base.partitionConcurrency())),
                Map.entry("DB_URL", postgres.jdbcUrl() + (postgres.jdbcUrl().contains("?") ? "&" : "?")
                        + "ApplicationName=" + group.value()),
                Map.entry("DB_USER", postgres.user()),
                Map.entry("DB_PASSWORD", postgres.password()),
                Map.entry("DB_SCHEMA", postgres.schema()),
                Map.entry("MANAGEMENT_PORT", "0"),
                Map.entry("OUTBOX_RELAY_INTERVAL", "1h"),
                Map.entry("LOG_LEVEL", "INFO"));
    }

    /** Until every instance is a member and every partition is assigned; fails early if an instance dies. */
    private static void awaitSettled(Admin admin, ServiceName group, TopicName topic, List<ServiceInstance> instances)
            throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (!GroupAssignment.isStable(admin, group, topic, instances.size(), PARTITIONS)) {
            instances.forEach(ServiceInstance::assertAlive);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("group " + group + " did not settle with " + instances.size()
                        + " members and " + PARTITIONS + " partitions assigned within " + SETTLE_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /** Until the group's committed offsets reach each partition's last record; fails early if an instance dies. */
    private static void awaitCommitted(Admin admin, ServiceName group, TopicName topic, Map<Integer, Long> nextOffsets,
            List<ServiceInstance> instances) throws InterruptedException {
        long deadline = System.nanoTime() + FINISH_TIMEOUT.toNanos();
        while (!committedUpTo(admin, group, topic, nextOffsets)) {
            instances.forEach(ServiceInstance::assertAlive);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("group " + group + " did not commit every record within " + FINISH_TIMEOUT);
            }
            Thread.sleep(20);
        }
    }

    private static boolean committedUpTo(Admin admin, ServiceName group, TopicName topic, Map<Integer, Long> nextOffsets)
            throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.value())
                    .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return nextOffsets.entrySet().stream().allMatch(partition -> {
                OffsetAndMetadata offset = committed.get(new TopicPartition(topic.value(), partition.getKey()));
                return offset != null && offset.offset() >= partition.getValue();
            });
        } catch (ExecutionException | TimeoutException unanswered) {
            return false;
        }
    }

    /** From the first ledger row's transaction (its {@code processed_at} is {@code now()}) until this moment. */
    private static double secondsSinceFirstEffect(PostgresDatabase database) throws SQLException {
        return QueriedNumber.of(database,
                "SELECT extract(epoch FROM clock_timestamp() - min(processed_at)) FROM processed_events");
    }

    private FlowResult result(String id, int instances, double spanSeconds, List<InstanceMetrics> reported,
            PostgresDatabase database) throws SQLException {
        int events = stream.records().size();
        return FlowResult.ofInstances(id, "(h) batch " + batchSize + ", " + instances + " instance"
                        + (instances == 1 ? "" : "s") + " in one group", batchSize, instances, events, stream.distinct(),
                Math.round(spanSeconds * 1_000), events / spanSeconds,
                reported.stream().mapToDouble(InstanceMetrics::p50Millis).max().orElse(0),
                reported.stream().mapToDouble(InstanceMetrics::p99Millis).max().orElse(0),
                reported.stream().mapToLong(InstanceMetrics::processed).sum(),
                reported.stream().mapToLong(InstanceMetrics::duplicatesSkipped).sum(),
                QueriedNumber.count(database, "SELECT count(*) FROM users"),
                QueriedNumber.count(database, "SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'users_registered'"),
                QueriedNumber.count(database, "SELECT count(*) FROM processed_events"));
    }
}
