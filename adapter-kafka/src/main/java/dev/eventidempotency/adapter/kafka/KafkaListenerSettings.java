package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The listener's Kafka settings; the service name is also the consumer group id. */
public record KafkaListenerSettings(KafkaConnection connection, TopicName topic, ServiceName service, int maxPollRecords,
        int maxAttempts, int maxRecordBytes, Duration pollTimeout, RetryBackoff backoff, GroupTimeouts groupTimeouts,
        GroupMembership membership, int partitionConcurrency, BatchGathering gathering) {

    public static final int DEFAULT_MAX_POLL_RECORDS = 500;
    /** Partitions of one poll worked on at once, each in its own unit of work; 1 works them one after another. */
    public static final int DEFAULT_PARTITION_CONCURRENCY = 3;
    /** Attempts before a record that fails for an unknown reason is dead-lettered. */
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    /** Kafka's own default for the largest record a topic accepts. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_048_576;

    public KafkaListenerSettings {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(groupTimeouts, "groupTimeouts");
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(gathering, "gathering");
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("max poll records must be at least 1, was " + maxPollRecords);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("max record bytes must be at least 1, was " + maxRecordBytes);
        }
        if (partitionConcurrency < 1) {
            throw new IllegalArgumentException("partition concurrency must be at least 1, was " + partitionConcurrency);
        }
    }

    /** Without gathering: each poll's records are one batch per partition. */
    public KafkaListenerSettings(KafkaConnection connection, TopicName topic, ServiceName service, int maxPollRecords,
            int maxAttempts, int maxRecordBytes, Duration pollTimeout, RetryBackoff backoff, GroupTimeouts groupTimeouts,
            GroupMembership membership, int partitionConcurrency) {
        this(connection, topic, service, maxPollRecords, maxAttempts, maxRecordBytes, pollTimeout, backoff, groupTimeouts,
                membership, partitionConcurrency, BatchGathering.OFF);
    }

    /** A poll of up to {@code maxPollRecords} records becomes at most one batch per partition. */
    public KafkaListenerSettings(KafkaConnection connection, TopicName topic, ServiceName service, int maxPollRecords,
            int maxAttempts, int maxRecordBytes, GroupTimeouts groupTimeouts) {
        this(connection, topic, service, maxPollRecords, maxAttempts, maxRecordBytes, groupTimeouts, GroupMembership.DEFAULT);
    }

    public KafkaListenerSettings(KafkaConnection connection, TopicName topic, ServiceName service, int maxPollRecords,
            int maxAttempts, int maxRecordBytes, GroupTimeouts groupTimeouts, GroupMembership membership) {
        this(connection, topic, service, maxPollRecords, maxAttempts, maxRecordBytes, Duration.ofMillis(500),
                RetryBackoff.DEFAULT, groupTimeouts, membership, DEFAULT_PARTITION_CONCURRENCY);
    }

    public KafkaListenerSettings withPartitionConcurrency(int concurrency) {
        return new KafkaListenerSettings(connection, topic, service, maxPollRecords, maxAttempts, maxRecordBytes, pollTimeout,
                backoff, groupTimeouts, membership, concurrency, gathering);
    }

    public KafkaListenerSettings withBackoff(RetryBackoff otherBackoff) {
        return new KafkaListenerSettings(connection, topic, service, maxPollRecords, maxAttempts, maxRecordBytes, pollTimeout,
                otherBackoff, groupTimeouts, membership, partitionConcurrency, gathering);
    }

    public KafkaListenerSettings withGathering(BatchGathering otherGathering) {
        return new KafkaListenerSettings(connection, topic, service, maxPollRecords, maxAttempts, maxRecordBytes, pollTimeout,
                backoff, groupTimeouts, membership, partitionConcurrency, otherGathering);
    }

    /**
     * Under the consumer protocol the session timeout and the heartbeat interval are the group's, set on
     * the broker ({@code group.consumer.session.timeout.ms}, or {@code consumer.session.timeout.ms} per
     * group): the consumer refuses them as its own properties.
     */
    Map<String, Object> consumerProperties(GroupProtocol protocol) {
        Map<String, Object> owned = new HashMap<>(Map.ofEntries(
                Map.entry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name().toLowerCase(Locale.ROOT)),
                Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords),
                Map.entry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) groupTimeouts.maxPollInterval().toMillis()),
                Map.entry(ConsumerConfig.GROUP_ID_CONFIG, service.value()),
                Map.entry(ConsumerConfig.CLIENT_ID_CONFIG, service.value() + "-consumer"),
                // Offsets are committed by hand, after the unit of work has committed.
                Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                // A new service starts from the topic's beginning: the ledger makes replays harmless.
                Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                // Records of aborted producer transactions never reach the business.
                Map.entry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Map.entry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()),
                Map.entry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())));
        if (protocol == GroupProtocol.CLASSIC) {
            owned.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) groupTimeouts.session().toMillis());
            owned.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) groupTimeouts.heartbeatInterval().toMillis());
        }
        membership.instanceId().ifPresent(id -> owned.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return connection.consumerConfig(owned);
    }

    /**
     * Every wait of a dead letter is bounded (the operator's {@code KAFKA_*} properties may change the
     * bounds): a broker that does not answer makes the send fail within about half a minute, and the
     * listener then waits for the environment instead of blocking the poll loop.
     *
     * @param maxRequestBytes the largest dead letter: what the events topic holds, with room for headers
     */
    Map<String, Object> deadLetterProducerProperties(int maxRequestBytes) {
        Map<String, Object> bounds = new HashMap<>(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000));
        if (connection.clientProperties().containsKey(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)
                || connection.clientProperties().containsKey(ProducerConfig.LINGER_MS_CONFIG)) {
            // Kafka refuses a delivery timeout below linger + request timeout: it derives its own then.
            bounds.remove(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        }
        return connection.producerConfig(bounds, Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes,
                ProducerConfig.CLIENT_ID_CONFIG, service.value() + "-dead-letters",
                // A dead letter is on every in-sync replica before the original's offset is committed.
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }
}
