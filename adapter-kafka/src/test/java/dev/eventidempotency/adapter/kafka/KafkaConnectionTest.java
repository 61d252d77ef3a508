package dev.eventidempotency.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.util.Map;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.junit.jupiter.api.Test;

/** The operator's client properties reach every client that knows them, never above the service's own. */
class KafkaConnectionTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"alice\" password=\"alice-secret\";";
    private static final KafkaConnection SCRAM = new KafkaConnection("kafka:9093", Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-256",
            "sasl.jaas.config", JAAS,
            "ssl.truststore.password", "truststore-secret",
            "fetch.max.bytes", "1048576",
            "linger.ms", "20",
            "my.callback.handler.option", "x"));

    @Test
    void securityPropertiesReachTheConsumerTheProducerAndTheAdminClient() {
        for (Map<String, Object> config : new Map[] {SCRAM.consumerConfig(Map.of()), SCRAM.producerConfig(Map.of()),
                SCRAM.adminConfig()}) {
            assertThat(config)
                    .containsEntry("bootstrap.servers", "kafka:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                    .containsEntry("sasl.jaas.config", JAAS)
                    .doesNotContainKey("my.callback.handler.option");
        }
    }

    @Test
    void eachClientGetsOnlyThePropertiesItKnows() {
        assertThat(SCRAM.consumerConfig(Map.of())).containsKey("fetch.max.bytes").doesNotContainKey("linger.ms");
        assertThat(SCRAM.producerConfig(Map.of())).containsKey("linger.ms").doesNotContainKey("fetch.max.bytes");
        assertThat(SCRAM.adminConfig()).doesNotContainKeys("linger.ms", "fetch.max.bytes");
    }

    @Test
    void theServicesOwnPropertiesWinOverTheOperators() {
        KafkaConnection autoCommitting = new KafkaConnection("kafka:9092",
                Map.of("enable.auto.commit", "true", "isolation.level", "read_uncommitted", "acks", "1"));
        KafkaListenerSettings settings = new KafkaListenerSettings(autoCommitting, new TopicName("events"),
                new ServiceName("service"), 500, 10, 1_048_576, GroupTimeouts.KAFKA_DEFAULTS);

        assertThat(settings.consumerProperties(GroupProtocol.CLASSIC))
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("isolation.level", "read_committed");
        assertThat(settings.deadLetterProducerProperties(1_048_576)).containsEntry("acks", "all");
    }

    @Test
    void printsNoSecret() {
        assertThat(SCRAM.toString())
                .doesNotContain("alice-secret", "truststore-secret")
                .contains("sasl.jaas.config=****", "ssl.truststore.password=****", "sasl.mechanism=SCRAM-SHA-256");
    }

    @Test
    void knowsWhichPropertiesAreSecrets() {
        assertThat(KafkaConnection.isSecret("sasl.jaas.config")).isTrue();
        assertThat(KafkaConnection.isSecret("ssl.key.password")).isTrue();
        assertThat(KafkaConnection.isSecret("ssl.keystore.key")).isTrue();
        assertThat(KafkaConnection.isSecret("sasl.oauthbearer.client.credentials.client.secret")).isTrue();
        assertThat(KafkaConnection.isSecret("my.plugin.api.secret")).isTrue();
        assertThat(KafkaConnection.isSecret("my.plugin.access.token")).isTrue();
        assertThat(KafkaConnection.isSecret("sasl.oauthbearer.token.endpoint.url")).isFalse();
        assertThat(KafkaConnection.isSecret("ssl.truststore.location")).isFalse();
        assertThat(KafkaConnection.isSecret("sasl.mechanism")).isFalse();
    }

    @Test
    void bootstrapServersAreNotAClientProperty() {
        assertThatThrownBy(() -> new KafkaConnection("kafka:9092", Map.of("bootstrap.servers", "other:9092")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrap.servers");
    }
}
