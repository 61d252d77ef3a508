package dev.eventidempotency.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The group timeouts reach the consumer under the classic protocol, where the heartbeat stays well
 * inside the session; under the consumer protocol they are the broker's, and the consumer gets none.
 */
class KafkaListenerSettingsTest {

    @Test
    void kafkasOwnTimeoutsAreTheDefaults() {
        assertThat(consumerPropertiesWith(GroupTimeouts.KAFKA_DEFAULTS, GroupMembership.DEFAULT, GroupProtocol.CLASSIC))
                .containsEntry("group.protocol", "classic")
                .containsEntry("session.timeout.ms", 45_000)
                .containsEntry("heartbeat.interval.ms", 3_000)
                .containsEntry("max.poll.interval.ms", 300_000);
    }

    @Test
    void aShortSessionGetsAHeartbeatOfAThirdOfIt() {
        assertThat(consumerPropertiesWith(new GroupTimeouts(Duration.ofSeconds(6), Duration.ofSeconds(2)),
                GroupMembership.DEFAULT, GroupProtocol.CLASSIC))
                .containsEntry("session.timeout.ms", 6_000)
                .containsEntry("heartbeat.interval.ms", 2_000)
                .containsEntry("max.poll.interval.ms", 2_000);
    }

    @Test
    void theConsumerProtocolLeavesTheSessionAndTheHeartbeatToTheBroker() {
        assertThat(consumerPropertiesWith(GroupTimeouts.KAFKA_DEFAULTS, GroupMembership.DEFAULT, GroupProtocol.CONSUMER))
                .containsEntry("group.protocol", "consumer")
                .containsEntry("max.poll.interval.ms", 300_000)
                .doesNotContainKeys("session.timeout.ms", "heartbeat.interval.ms", "group.instance.id");
    }

    @Test
    void aStaticMemberNamesItsInstance() {
        assertThat(consumerPropertiesWith(GroupTimeouts.KAFKA_DEFAULTS,
                new GroupMembership(GroupProtocolChoice.AUTO, Optional.of("user-service-0")), GroupProtocol.CONSUMER))
                .containsEntry("group.instance.id", "user-service-0");
    }

    /** The consumer checks its properties when it is built, before it connects: each protocol's set must pass. */
    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void theConsumerAcceptsThePropertiesOfEitherProtocol(GroupProtocol protocol) {
        Map<String, Object> properties = consumerPropertiesWith(GroupTimeouts.KAFKA_DEFAULTS,
                new GroupMembership(GroupProtocolChoice.AUTO, Optional.of("instance-1")), protocol);

        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            assertThat(consumer.groupMetadata().groupInstanceId()).contains("instance-1");
        }
    }

    @Test
    void theProtocolIsChosenByLabelAndAutoFollowsTheBrokers() {
        assertThat(GroupProtocolChoice.fromLabel(" Classic ")).isEqualTo(GroupProtocolChoice.CLASSIC);
        assertThat(GroupProtocolChoice.AUTO.resolve(true)).isEqualTo(GroupProtocol.CONSUMER);
        assertThat(GroupProtocolChoice.AUTO.resolve(false)).isEqualTo(GroupProtocol.CLASSIC);
        assertThat(GroupProtocolChoice.CONSUMER.resolve(false)).isEqualTo(GroupProtocol.CONSUMER);
        assertThatThrownBy(() -> GroupProtocolChoice.fromLabel("eager"))
                .hasMessage("expected auto, consumer or classic, was 'eager'");
    }

    @Test
    void aTimeoutBelowOneMillisecondIsRefused() {
        assertThatThrownBy(() -> new GroupTimeouts(Duration.ZERO, Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 ms");
    }

    @Test
    void aBlankInstanceIdIsRefused() {
        assertThatThrownBy(() -> new GroupMembership(GroupProtocolChoice.AUTO, Optional.of(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a group instance id must not be blank");
    }

    private static Map<String, Object> consumerPropertiesWith(GroupTimeouts timeouts, GroupMembership membership,
            GroupProtocol protocol) {
        return new KafkaListenerSettings(KafkaConnection.to("localhost:9092"), new TopicName("events"),
                new ServiceName("service"), 500, KafkaListenerSettings.DEFAULT_MAX_ATTEMPTS,
                KafkaListenerSettings.DEFAULT_MAX_RECORD_BYTES, timeouts, membership)
                .consumerProperties(protocol);
    }
}
