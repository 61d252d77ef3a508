package dev.eventidempotency.bootstrap.testing;

import dev.eventidempotency.adapter.kafka.KafkaTopics;
import dev.eventidempotency.adapter.postgres.testing.ServerProvider;
import dev.eventidempotency.bootstrap.local.LocalKafkaBroker;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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
                KafkaContainer container = new KafkaContainer(CONTAINER_IMAGE);
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
        KafkaTopics.createIfMissing(bootstrapServers(), topic, partitions);
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

    /** Rewinds an inactive group to the start of every partition, as an operator's offset reset does. */
    public static void rewindToBeginning(String group, String topic, int partitions) {
        Map<TopicPartition, OffsetAndMetadata> beginning = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            beginning.put(new TopicPartition(topic, partition), new OffsetAndMetadata(0));
        }
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets(group, beginning).all().get();
        } catch (InterruptedException | ExecutionException failure) {
            throw new IllegalStateException(failure);
        }
    }
}
