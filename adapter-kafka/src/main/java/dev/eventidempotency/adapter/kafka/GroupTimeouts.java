package dev.eventidempotency.adapter.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * When the group gives up on a member and moves its partitions: {@code session} after its last
 * heartbeat (a crashed or cut-off process), {@code maxPollInterval} after its last poll (a process
 * stuck in a unit of work). Kafka's defaults suit production; shorter ones move partitions sooner
 * at the price of more rebalances. The broker accepts session timeouts between its
 * {@code group.min.session.timeout.ms} (6 s by default) and {@code group.max.session.timeout.ms}.
 *
 * <p>The session applies to the classic group protocol only: under the consumer protocol the session
 * and the heartbeat are the group's, configured on the broker ({@link GroupProtocolChoice}).
 *
 * <p>{@code pollWorkLimit} bounds how long a revocation or a stop waits for a batch at work, and how long a
 * batch waits for a worker before it is handed back (sought to its first record) and polled again, so a slow
 * database never costs the group a rebalance. It must be below {@code maxPollInterval}.
 */
public record GroupTimeouts(Duration session, Duration maxPollInterval, Duration pollWorkLimit) {

    /** Kafka's own defaults, 45 s and 5 min, and half of the latter for one poll's work. */
    public static final GroupTimeouts KAFKA_DEFAULTS = new GroupTimeouts(Duration.ofSeconds(45), Duration.ofMinutes(5));

    public GroupTimeouts {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(maxPollInterval, "maxPollInterval");
        Objects.requireNonNull(pollWorkLimit, "pollWorkLimit");
        if (session.toMillis() < 1 || maxPollInterval.toMillis() < 1 || pollWorkLimit.toMillis() < 1) {
            throw new IllegalArgumentException("group timeouts must be at least 1 ms, were " + session.toMillis()
                    + " ms, " + maxPollInterval.toMillis() + " ms and " + pollWorkLimit.toMillis() + " ms");
        }
        if (pollWorkLimit.compareTo(maxPollInterval) >= 0) {
            throw new IllegalArgumentException("the poll work limit (" + pollWorkLimit.toMillis()
                    + " ms) must be below max.poll.interval.ms (" + maxPollInterval.toMillis()
                    + " ms), or the group puts the instance out while it works");
        }
    }

    /** One poll's work may take half of {@code maxPollInterval}. */
    public GroupTimeouts(Duration session, Duration maxPollInterval) {
        this(session, maxPollInterval, maxPollInterval.dividedBy(2));
    }

    /** Kafka's default heartbeat (3 s), or a third of a shorter session so that two missed beats are tolerated. */
    Duration heartbeatInterval() {
        Duration kafkaDefault = Duration.ofSeconds(3);
        Duration third = session.dividedBy(3);
        return third.compareTo(kafkaDefault) < 0 ? third : kafkaDefault;
    }
}
