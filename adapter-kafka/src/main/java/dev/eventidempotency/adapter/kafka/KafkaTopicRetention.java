package dev.eventidempotency.adapter.kafka;

import dev.eventidempotency.application.ledger.port.out.LogRetention;
import dev.eventidempotency.application.ledger.port.out.TopicRetention;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/** Reads the topic's and the broker's retention settings with {@code describeConfigs}. */
public final class KafkaTopicRetention implements TopicRetention, AutoCloseable {

    private final Admin admin;

    public KafkaTopicRetention(KafkaConnection connection) {
        this.admin = KafkaTopics.admin(connection);
    }

    @Override
    public LogRetention of(TopicName topic) {
        ConfigResource topicConfig = new ConfigResource(ConfigResource.Type.TOPIC, topic.value());
        // Any broker will do: offsets.retention.minutes is meant to be the same on all of them.
        Node broker = KafkaAdminCalls.await(admin.describeCluster().nodes(), "describe the cluster").iterator().next();
        ConfigResource brokerConfig = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
        Map<ConfigResource, Config> configs = KafkaAdminCalls.await(
                admin.describeConfigs(List.of(topicConfig, brokerConfig)).all(), "describe the configs of " + topic);
        Config ofTopic = configs.get(topicConfig);
        long retentionMs = Long.parseLong(ofTopic.get("retention.ms").value());
        // "compact" alone never deletes by time; "compact,delete" does.
        boolean compactedOnly = List.of(ofTopic.get("cleanup.policy").value().split(",")).equals(List.of("compact"));
        Optional<Duration> records = retentionMs < 0 || compactedOnly ? Optional.empty() : Optional.of(Duration.ofMillis(retentionMs));
        return new LogRetention(records, Duration.ofMillis(Long.parseLong(ofTopic.get("segment.ms").value())),
                Duration.ofMinutes(Long.parseLong(configs.get(brokerConfig).get("offsets.retention.minutes").value())));
    }

    @Override
    public void close() {
        admin.close();
    }
}
