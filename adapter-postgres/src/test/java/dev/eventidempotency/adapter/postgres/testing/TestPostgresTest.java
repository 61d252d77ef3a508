package dev.eventidempotency.adapter.postgres.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Without Docker and without a local server the tests must fail and say why, never skip. */
class TestPostgresTest {

    @Test
    void aServerThatDoesNotAnswerFailsLoudlyWithEveryWayToProvideOne() {
        // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
        String nowhere = "jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2";

        assertThatThrownBy(() -> TestPostgres.connectable(TestPostgres.settings(nowhere, "postgres", "")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No PostgreSQL for the integration tests at " + nowhere)
                .hasMessageContaining("pg_ctlcluster")
                .hasMessageContaining("TEST_DB_URL=jdbc:postgresql://host:port/db")
                .hasMessageContaining("a Docker engine, and Testcontainers starts " + TestPostgres.CONTAINER_IMAGE);
    }
}
