package dev.eventidempotency.domain.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicNameTest {

    @Test
    void acceptsAKafkaTopicName() {
        assertThat(new TopicName("user-events.v1").value()).isEqualTo("user-events.v1");
    }

    @Test
    void rejectsWhatKafkaWouldReject() {
        assertThatThrownBy(() -> new TopicName("user events"))
                .hasMessageContaining("topic name may contain only");
        assertThatThrownBy(() -> new TopicName("t".repeat(250)))
                .hasMessage("topic name must be 1 to 249 characters, was 250");
    }
}
