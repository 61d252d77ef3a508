package dev.eventidempotency.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * TLS to PostgreSQL is a parameter of the JDBC URL (docs/security.md): it reaches the driver, which
 * refuses a plain connection when TLS is required. The server of these tests has TLS switched off,
 * so what can be shown here is that refusal.
 */
class PostgresTlsIT {

    @Test
    void sslmodeRequireInTheUrlMakesTheDriverRefuseAServerWithoutTls() {
        PostgresSettings server = TestPostgres.server();
        PostgresSettings requiringTls = new PostgresSettings(withParameter(server.jdbcUrl(), "sslmode=require"),
                server.user(), server.password(), "tls_required", 1);

        assertThatThrownBy(() -> PostgresDatabase.open(requiringTls).close())
                .hasStackTraceContaining("The server does not support SSL");
    }

    private static String withParameter(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }
}
