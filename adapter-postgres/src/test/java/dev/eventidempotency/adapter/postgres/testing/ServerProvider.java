package dev.eventidempotency.adapter.postgres.testing;

import java.util.Map;

/**
 * Where the integration tests get a server (PostgreSQL or Kafka), chosen once per test JVM. Every
 * choice is a real server: an explicit address, a Testcontainers container where Docker runs, or
 * the server this machine provides itself.
 */
public enum ServerProvider {
    /** A variable names the server: it wins, so CI and laptops can point anywhere. */
    EXPLICIT_ADDRESS,
    /** Docker answers: a throw-away container pinned to the version the local setup uses. */
    TESTCONTAINERS,
    /** No Docker (as on the project's CI machines): the local PostgreSQL, or a forked Kafka broker. */
    LOCAL;

    public static ServerProvider choose(Map<String, String> environment, String addressVariable, boolean dockerAvailable) {
        String address = environment.get(addressVariable);
        if (address != null && !address.isBlank()) {
            return EXPLICIT_ADDRESS;
        }
        return dockerAvailable ? TESTCONTAINERS : LOCAL;
    }

    /** Asks Testcontainers whether a Docker engine answers; any failure to ask means no. */
    public static boolean dockerAvailable() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError noDocker) {
            return false;
        }
    }
}
