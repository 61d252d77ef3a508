package dev.eventidempotency.adapter.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * When the group gives up on a member and moves its partitions: {@code session} after its last
 * heartbeat (a crashed or cut-off process), {@code maxPollInterval} after its last poll (a process
 * stuck in a unit of work). Kafka's defaults suit production; shorter ones move partitions sooner
 * at the price of more rebalances. The broker accepts session timeouts between its
 * {@code group.min.session.timeout.ms} (6 s by default) and {@code group.max.session.timeout.ms}.
 */
public record GroupTimeouts(Duration session, Duration maxPollInterval) {

    /** Kafka's own defaults: 45 s and 5 min. */
    public static final GroupTimeouts KAFKA_DEFAULTS = new GroupTimeouts(Duration.ofSeconds(45), Duration.ofMinutes(5));

    public GroupTimeouts {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(maxPollInterval, "maxPollInterval");
        if (session.toMillis() < 1 || maxPollInterval.toMillis() < 1) {
            throw new IllegalArgumentException("group timeouts must be at least 1 ms, were " + session.toMillis()
                    + " ms and " + maxPollInterval.toMillis() + " ms");
        }
    }

    /** Kafka's default heartbeat (3 s), or a third of a shorter session so that two missed beats are tolerated. */
    Duration heartbeatInterval() {
        Duration kafkaDefault = Duration.ofSeconds(3);
        Duration third = session.dividedBy(3);
        return third.compareTo(kafkaDefault) < 0 ? third : kafkaDefault;
    }
}
