package dev.eventidempotency.bootstrap.config;

import dev.eventidempotency.adapter.kafka.BatchGathering;
import dev.eventidempotency.adapter.kafka.GroupMembership;
import dev.eventidempotency.adapter.kafka.GroupTimeouts;
import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.kafka.KafkaListenerSettings;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.util.Objects;

/**
 * Everything the service needs to start, validated; {@link #toString()} masks every secret. {@code keyConcurrency}
 * is the most events of different keys a per-event batch runs at once (1: one at a time); {@code gathering} how
 * long a partition's records may wait for a larger batch.
 */
public record ServiceSettings(ServiceName service, TopicName topic, KafkaConnection kafkaConnection, ProcessingMode mode,
        int keyConcurrency, int batchSize, int maxAttempts, int maxRecordBytes, GroupTimeouts groupTimeouts,
        GroupMembership membership, EventFormat eventFormat, PostgresSettings postgres, int partitionConcurrency,
        BatchGathering gathering) {

    public ServiceSettings {
        if (keyConcurrency < 1) {
            throw new IllegalArgumentException("key concurrency must be at least 1, was " + keyConcurrency);
        }
        Objects.requireNonNull(gathering, "gathering");
    }

    /** Without gathering: each poll's records are one batch per partition. */
    public ServiceSettings(ServiceName service, TopicName topic, KafkaConnection kafkaConnection, ProcessingMode mode,
            int keyConcurrency, int batchSize, int maxAttempts, int maxRecordBytes, GroupTimeouts groupTimeouts,
            GroupMembership membership, EventFormat eventFormat, PostgresSettings postgres, int partitionConcurrency) {
        this(service, topic, kafkaConnection, mode, keyConcurrency, batchSize, maxAttempts, maxRecordBytes, groupTimeouts,
                membership, eventFormat, postgres, partitionConcurrency, BatchGathering.OFF);
    }

    /**
     * Events of one batch one at a time, on {@link KafkaListenerSettings#DEFAULT_PARTITION_CONCURRENCY}
     * partitions at once.
     */
    public ServiceSettings(ServiceName service, TopicName topic, KafkaConnection kafkaConnection, ProcessingMode mode,
            int batchSize, int maxAttempts, int maxRecordBytes, GroupTimeouts groupTimeouts, GroupMembership membership,
            EventFormat eventFormat, PostgresSettings postgres) {
        this(service, topic, kafkaConnection, mode, 1, batchSize, maxAttempts, maxRecordBytes, groupTimeouts, membership,
                eventFormat, postgres, KafkaListenerSettings.DEFAULT_PARTITION_CONCURRENCY);
    }

    /**
     * With the default membership (the consumer protocol where the brokers have it, no static identity) and
     * the native envelope.
     */
    public ServiceSettings(ServiceName service, TopicName topic, KafkaConnection kafkaConnection, ProcessingMode mode,
            int batchSize, int maxAttempts, int maxRecordBytes, GroupTimeouts groupTimeouts, PostgresSettings postgres) {
        this(service, topic, kafkaConnection, mode, batchSize, maxAttempts, maxRecordBytes, groupTimeouts,
                GroupMembership.DEFAULT, EventFormat.NATIVE, postgres);
    }

    public String kafkaBootstrapServers() {
        return kafkaConnection.bootstrapServers();
    }

    public KafkaListenerSettings kafka() {
        return new KafkaListenerSettings(kafkaConnection, topic, service, batchSize, maxAttempts, maxRecordBytes,
                groupTimeouts, membership).withPartitionConcurrency(partitionConcurrency).withGathering(gathering);
    }

    /**
     * Another service on the same Kafka and database, consuming {@code otherTopic}: a downstream one. It reads
     * the native envelope, the one the event outbox publishes.
     */
    public ServiceSettings downstream(ServiceName otherService, TopicName otherTopic) {
        return new ServiceSettings(otherService, otherTopic, kafkaConnection, mode, keyConcurrency, batchSize, maxAttempts,
                maxRecordBytes, groupTimeouts, membership, EventFormat.NATIVE, postgres,
                partitionConcurrency, gathering);
    }

    public ServiceSettings withTopic(TopicName otherTopic) {
        return new ServiceSettings(service, otherTopic, kafkaConnection, mode, keyConcurrency, batchSize, maxAttempts,
                maxRecordBytes, groupTimeouts, membership, eventFormat, postgres,
                partitionConcurrency, gathering);
    }

    public ServiceSettings withEventFormat(EventFormat format) {
        return new ServiceSettings(service, topic, kafkaConnection, mode, keyConcurrency, batchSize, maxAttempts,
                maxRecordBytes, groupTimeouts, membership, format, postgres,
                partitionConcurrency, gathering);
    }

    public ServiceSettings withGathering(BatchGathering otherGathering) {
        return new ServiceSettings(service, topic, kafkaConnection, mode, keyConcurrency, batchSize, maxAttempts,
                maxRecordBytes, groupTimeouts, membership, eventFormat, postgres,
                partitionConcurrency, otherGathering);
    }
}
