package dev.eventidempotency.bootstrap.testing;

import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.kafka.KafkaTopics;
import dev.eventidempotency.adapter.postgres.testing.ServerProvider;
import dev.eventidempotency.bootstrap.local.OrderedPublisher;
import dev.eventidempotency.bootstrap.local.LocalKafkaBroker;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The real Kafka broker of the integration tests, one per test JVM (a broker costs ~400 MB and
 * seconds to start), and the admin queries tests use. Tests isolate themselves by topic and group.
 */
public final class TestKafka {

    /** The version of the kafka-clients and of the forked broker. */
    public static final String CONTAINER_IMAGE = "apache/kafka:4.4.0";
    public static final String ADDRESS_VARIABLE = "TEST_KAFKA_BOOTSTRAP_SERVERS";

    private static final Logger LOG = LoggerFactory.getLogger(TestKafka.class);
    private static String bootstrapServers;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            ServerProvider provider = ServerProvider.choose(System.getenv(), ADDRESS_VARIABLE, ServerProvider.dockerAvailable());
            bootstrapServers = start(provider);
            LOG.info("Integration tests use Kafka ({}) at {}", provider, bootstrapServers);
        }
        return bootstrapServers;
    }

    private static String start(ServerProvider provider) {
        return switch (provider) {
            case EXPLICIT_ADDRESS -> System.getenv(ADDRESS_VARIABLE);
            case TESTCONTAINERS -> {
                // The floors the forked broker lowers too (LocalKafkaBroker), for groups with a short session.
                KafkaContainer container = new KafkaContainer(CONTAINER_IMAGE)
                        .withEnv("KAFKA_GROUP_CONSUMER_MIN_SESSION_TIMEOUT_MS", "6000")
                        .withEnv("KAFKA_GROUP_CONSUMER_MIN_HEARTBEAT_INTERVAL_MS", "500");
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-kafka"));
                yield container.getBootstrapServers();
            }
            // The broker's own shutdown hook kills it when the test JVM exits.
            case LOCAL -> LocalKafkaBroker.start().bootstrapServers();
        };
    }

    /** A new topic whose name no other test uses. */
    public static String freshTopic(String prefix, int partitions) {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaTopics.createIfMissing(KafkaConnection.to(bootstrapServers()), topic, partitions);
        return topic;
    }

    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** The group's committed offset per partition of the topic (partitions without a commit are absent). */
    public static Map<Integer, Long> committedOffsets(String group, String topic) {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(entry -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
                    .collect(Collectors.toMap(entry -> entry.getKey().partition(), entry -> entry.getValue().offset()));
        } catch (InterruptedException | ExecutionException failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** The offset after the last record of each partition. */
    public static Map<Integer, Long> endOffsets(String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        try (Admin admin = admin()) {
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(entry -> entry.getKey().partition(), entry -> entry.getValue().offset()));
        } catch (InterruptedException | ExecutionException failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** Publishes the values in this order (a null value is a tombstone) and returns once every one is acknowledged. */
    public static void publish(String topic, int maxRequestBytes, List<byte[]> values) {
        try (Producer<byte[], byte[]> producer = OrderedPublisher.to(bootstrapServers(), maxRequestBytes)) {
            List<Future<RecordMetadata>> acknowledgements = new ArrayList<>();
            for (byte[] value : values) {
                acknowledgements.add(producer.send(new ProducerRecord<>(topic, value)));
            }
            for (Future<RecordMetadata> acknowledgement : acknowledgements) {
                acknowledgement.get();
            }
        } catch (InterruptedException | ExecutionException failure) {
            throw new IllegalStateException("could not publish to " + topic, failure);
        }
    }

    /** The topic's records from its first offset, as a new consumer group reads them: up to {@code expected}, or what arrives in 30 s. */
    public static List<ConsumerRecord<byte[], byte[]>> readFromBeginning(String topic, int expected) {
        try (KafkaConsumer<byte[], byte[]> consumer = reader()) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * Every record the topic holds when called, from its first offset to its end: no fewer, and no more
     * (a record the topic should not hold is read too, with no wait for one that might come).
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = reader()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end + " within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static KafkaConsumer<byte[], byte[]> reader() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    /** A header's value as text. */
    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Rewinds an inactive group to the start of every partition, as an operator's offset reset does. */
    public static void rewindToBeginning(String group, String topic, int partitions) {
        rewind(group, topic, partitions, OffsetSpec.earliest());
    }

    /**
     * Rewinds an inactive group to the first record at or after {@code timestamp} on every partition, as
     * {@code kafka-consumer-groups --reset-offsets --to-datetime} does.
     */
    public static void rewindToTimestamp(String group, String topic, int partitions, Instant timestamp) {
        rewind(group, topic, partitions, OffsetSpec.forTimestamp(timestamp.toEpochMilli()));
    }

    private static void rewind(String group, String topic, int partitions, OffsetSpec to) {
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            wanted.put(new TopicPartition(topic, partition), to);
        }
        Map<Integer, Long> end = endOffsets(topic, partitions);
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            // A partition with no record at or after a timestamp answers -1: it is rewound to its end.
            admin.listOffsets(wanted).all().get().forEach((partition, found) -> offsets.put(partition,
                    new OffsetAndMetadata(found.offset() < 0 ? end.get(partition.partition()) : found.offset())));
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
        } catch (InterruptedException | ExecutionException failure) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * Gives the group a session and a heartbeat of its own on the broker, as an operator does with
     * {@code kafka-configs --entity-type groups}: under the consumer group protocol the consumer's own
     * {@code session.timeout.ms} does not apply.
     */
    public static void configureGroupSession(String bootstrapServers, String group, Duration session, Duration heartbeat) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        List<AlterConfigOp> settings = List.of(
                new AlterConfigOp(new ConfigEntry("consumer.session.timeout.ms", Long.toString(session.toMillis())),
                        AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("consumer.heartbeat.interval.ms", Long.toString(heartbeat.toMillis())),
                        AlterConfigOp.OpType.SET));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.incrementalAlterConfigs(Map.of(resource, settings)).all().get();
        } catch (InterruptedException | ExecutionException failure) {
            throw new IllegalStateException("could not configure group " + group, failure);
        }
    }

    /** How many members the group has now; a member that left or timed out is no longer counted. */
    public static int memberCount(String group) {
        try (Admin admin = admin()) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members().size();
        } catch (InterruptedException | ExecutionException failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** True once the group is stable with exactly {@code members} members sharing every partition of the topic. */
    public static boolean isStableWith(String group, String topic, int partitions, int members) {
        try (Admin admin = admin()) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get();
            long assigned = description.members().stream()
                    .flatMap(member -> member.assignment().topicPartitions().stream())
                    .filter(partition -> partition.topic().equals(topic))
                    .count();
            return description.groupState() == GroupState.STABLE && description.members().size() == members
                    && assigned == partitions;
        } catch (InterruptedException | ExecutionException failure) {
            throw new IllegalStateException(failure);
        }
    }
}
