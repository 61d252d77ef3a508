package dev.eventidempotency.adapter.postgres.testing;

import java.util.Map;

/**
 * Where the integration tests get PostgreSQL, chosen once per test JVM. Every choice is a real
 * server: an explicit one, a Testcontainers container where Docker runs, or the local server.
 */
public enum PostgresProvider {
    /** {@code TEST_DB_URL} names a server: it wins, so CI and laptops can point anywhere. */
    EXPLICIT_URL,
    /** Docker answers: a throw-away container of the same major version as the local setup. */
    TESTCONTAINERS,
    /** No Docker (as on the project's CI machines): the server on 127.0.0.1:5432. */
    LOCAL_SERVER;

    public static final String URL_VARIABLE = "TEST_DB_URL";

    public static PostgresProvider choose(Map<String, String> environment, boolean dockerAvailable) {
        String url = environment.get(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return EXPLICIT_URL;
        }
        return dockerAvailable ? TESTCONTAINERS : LOCAL_SERVER;
    }
}
