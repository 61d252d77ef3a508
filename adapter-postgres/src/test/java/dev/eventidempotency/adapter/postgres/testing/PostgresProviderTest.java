package dev.eventidempotency.adapter.postgres.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresProviderTest {

    @Test
    void anExplicitUrlWinsEvenWhereDockerRuns() {
        assertThat(PostgresProvider.choose(Map.of("TEST_DB_URL", "jdbc:postgresql://db:5432/x"), true))
                .isEqualTo(PostgresProvider.EXPLICIT_URL);
    }

    @Test
    void dockerMeansTestcontainers() {
        assertThat(PostgresProvider.choose(Map.of(), true)).isEqualTo(PostgresProvider.TESTCONTAINERS);
    }

    @Test
    void withoutDockerTheLocalServerIsUsed() {
        assertThat(PostgresProvider.choose(Map.of("TEST_DB_URL", " "), false)).isEqualTo(PostgresProvider.LOCAL_SERVER);
    }
}
