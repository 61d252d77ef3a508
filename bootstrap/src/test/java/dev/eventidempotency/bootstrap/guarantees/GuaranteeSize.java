package dev.eventidempotency.bootstrap.guarantees;

import java.time.Duration;

/**
 * How large the failure cases run. The defaults keep {@code mvn verify} quick; a soak run raises
 * them with system properties, which the bootstrap pom passes on from Maven properties of the same
 * name: {@code ./mvnw -B verify -Dguarantees.events=200000 -Dguarantees.kills=50 -Dguarantees.rebalances=20}.
 */
public record GuaranteeSize(int events, int duplicatePercent, int kills, int rebalances, int outages) {

    /**
     * How long a case waits for the service to catch up with everything published: two minutes, plus
     * 5 ms per event for the soak sizes (the per-event mode does about a thousand events a second here).
     */
    public Duration patience() {
        return Duration.ofMinutes(2).plusMillis(5L * events);
    }

    public static GuaranteeSize configured() {
        return new GuaranteeSize(
                property("guarantees.events", 2_000),
                property("guarantees.duplicates", 10),
                property("guarantees.kills", 10),
                property("guarantees.rebalances", 5),
                property("guarantees.outages", 2));
    }

    private static int property(String name, int defaultValue) {
        String value = System.getProperty(name, "");
        return value.isBlank() ? defaultValue : Integer.parseInt(value.strip());
    }
}
