package dev.eventidempotency.domain.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServiceNameTest {

    @Test
    void acceptsAConsumerGroupSafeName() {
        assertThat(new ServiceName("user-service.v2_eu").value()).isEqualTo("user-service.v2_eu");
    }

    @Test
    void rejectsMoreThanOneHundredCharacters() {
        assertThat(new ServiceName("s".repeat(100)).value()).hasSize(100);
        assertThatThrownBy(() -> new ServiceName("s".repeat(101)))
                .hasMessage("service name must be 1 to 100 characters, was 101");
    }

    @Test
    void rejectsCharactersThatDoNotBelongInAGroupId() {
        assertThatThrownBy(() -> new ServiceName("user service"))
                .hasMessage("service name may contain only letters, digits, '.', '_' and '-', was 'user service'");
    }
}
