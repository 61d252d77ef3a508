package dev.eventidempotency.adapter.postgres.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerProviderTest {

    @Test
    void anExplicitAddressWinsEvenWhereDockerRuns() {
        assertThat(ServerProvider.choose(Map.of("TEST_DB_URL", "jdbc:postgresql://db:5432/x"), "TEST_DB_URL", true))
                .isEqualTo(ServerProvider.EXPLICIT_ADDRESS);
    }

    @Test
    void dockerMeansTestcontainers() {
        assertThat(ServerProvider.choose(Map.of(), "TEST_DB_URL", true)).isEqualTo(ServerProvider.TESTCONTAINERS);
    }

    @Test
    void withoutDockerTheLocalServerIsUsed() {
        assertThat(ServerProvider.choose(Map.of("TEST_DB_URL", " "), "TEST_DB_URL", false))
                .isEqualTo(ServerProvider.LOCAL);
    }

    @Test
    void aVariableOfAnotherServerDoesNotCount() {
        assertThat(ServerProvider.choose(Map.of("TEST_DB_URL", "jdbc:postgresql://db/x"), "TEST_KAFKA_BOOTSTRAP_SERVERS",
                false)).isEqualTo(ServerProvider.LOCAL);
    }
}
