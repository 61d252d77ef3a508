package dev.eventidempotency.bootstrap.config;

import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Everything the commands that run the listener take: Kafka, how to consume, and PostgreSQL. Commands
 * that need less mix in only the part they use ({@link KafkaOptions}, {@link DatabaseOptions}).
 */
public final class ServiceOptions {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConsumerOptions consumer;

    @Mixin
    DatabaseOptions database;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * Validates every setting, naming the first wrong one, its variable and the form it expects. The
     * schema is the command's own choice: {@code run} reads it from {@code DB_SCHEMA}, the demo uses its own.
     */
    public ServiceSettings settings(String schema) {
        return settingsUsing(kafka.connectionOf(command), schema);
    }

    /** As {@link #settings(String)}, with a plain broker the command provides itself (the demo's local broker). */
    public ServiceSettings settingsUsingBrokers(String bootstrapServers, String schema) {
        return settingsUsing(KafkaConnection.to(bootstrapServers), schema);
    }

    private ServiceSettings settingsUsing(KafkaConnection connection, String schema) {
        return new ServiceSettings(kafka.service(), kafka.topic(), connection, consumer.mode(), consumer.keyConcurrency(),
                consumer.batchSize(), consumer.maxAttempts(), consumer.maxRecordBytes(), consumer.groupTimeouts(),
                consumer.membership(), consumer.eventFormat(), postgres(schema), consumer.partitionConcurrency(),
                consumer.gathering());
    }

    public PostgresSettings postgres(String schema) {
        return database.postgres(schema);
    }

    public boolean hasKafkaBootstrapServers() {
        return kafka.hasBootstrapServers();
    }
}
