package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The listener's Kafka settings; the service name is also the consumer group id. */
public record KafkaListenerSettings(String bootstrapServers, TopicName topic, ServiceName service, int maxPollRecords,
        int maxAttempts, int maxRecordBytes, Duration pollTimeout, RetryBackoff backoff, GroupTimeouts groupTimeouts) {

    public static final int DEFAULT_MAX_POLL_RECORDS = 500;
    /** Attempts before a record that fails for an unknown reason is dead-lettered. */
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    /** Kafka's own default for the largest record a topic accepts. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_048_576;

    public KafkaListenerSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(groupTimeouts, "groupTimeouts");
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("max poll records must be at least 1, was " + maxPollRecords);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("max record bytes must be at least 1, was " + maxRecordBytes);
        }
    }

    /** A poll of up to {@code maxPollRecords} records becomes at most one batch per partition. */
    public KafkaListenerSettings(String bootstrapServers, TopicName topic, ServiceName service, int maxPollRecords,
            int maxAttempts, int maxRecordBytes, GroupTimeouts groupTimeouts) {
        this(bootstrapServers, topic, service, maxPollRecords, maxAttempts, maxRecordBytes, Duration.ofMillis(500),
                RetryBackoff.DEFAULT, groupTimeouts);
    }

    Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) groupTimeouts.session().toMillis());
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) groupTimeouts.heartbeatInterval().toMillis());
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) groupTimeouts.maxPollInterval().toMillis());
        properties.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, service.value(),
                ConsumerConfig.CLIENT_ID_CONFIG, service.value() + "-consumer",
                // Offsets are committed by hand, after the unit of work has committed.
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                // A new service starts from the topic's beginning: the ledger makes replays harmless.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // Records of aborted producer transactions never reach the business.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        return properties;
    }

    Properties deadLetterProducerProperties() {
        Properties properties = new Properties();
        properties.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, service.value() + "-dead-letters",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        return properties;
    }
}
