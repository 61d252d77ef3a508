package dev.eventidempotency.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The group timeouts reach the consumer, and the heartbeat stays well inside the session. */
class KafkaListenerSettingsTest {

    @Test
    void kafkasOwnTimeoutsAreTheDefaults() {
        assertThat(consumerPropertiesWith(GroupTimeouts.KAFKA_DEFAULTS))
                .containsEntry("session.timeout.ms", 45_000)
                .containsEntry("heartbeat.interval.ms", 3_000)
                .containsEntry("max.poll.interval.ms", 300_000);
    }

    @Test
    void aShortSessionGetsAHeartbeatOfAThirdOfIt() {
        assertThat(consumerPropertiesWith(new GroupTimeouts(Duration.ofSeconds(6), Duration.ofSeconds(2))))
                .containsEntry("session.timeout.ms", 6_000)
                .containsEntry("heartbeat.interval.ms", 2_000)
                .containsEntry("max.poll.interval.ms", 2_000);
    }

    @Test
    void aTimeoutBelowOneMillisecondIsRefused() {
        assertThatThrownBy(() -> new GroupTimeouts(Duration.ZERO, Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 ms");
    }

    private static Map<String, Object> consumerPropertiesWith(GroupTimeouts timeouts) {
        return new KafkaListenerSettings(KafkaConnection.to("kafka:9092"), new TopicName("events"), new ServiceName("service"), 500,
                KafkaListenerSettings.DEFAULT_MAX_ATTEMPTS, KafkaListenerSettings.DEFAULT_MAX_RECORD_BYTES, timeouts)
                .consumerProperties();
    }
}
