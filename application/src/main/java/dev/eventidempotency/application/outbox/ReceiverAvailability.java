package dev.eventidempotency.application.outbox;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether the outbox's receiver (the mail server, the Kafka broker) takes messages, as the relay last
 * found it, and the log of its changes: one WARN when it stops (with the reason), one INFO when it
 * takes messages again (with how long it was away), instead of a line for every message that waits
 * meanwhile. Written by the relay's one thread, read by metrics from others.
 */
public final class ReceiverAvailability {

    private static final Logger log = System.getLogger(ReceiverAvailability.class.getName());

    private final String receiver;
    private final Clock clock;
    private volatile Instant unavailableSince;
    private int failedDeliveries;

    /** @param receiver what the log lines call it, e.g. "the mail server" */
    public ReceiverAvailability(String receiver, Clock clock) {
        Objects.requireNonNull(receiver, "receiver");
        // It starts the log lines.
        this.receiver = Character.toUpperCase(receiver.charAt(0)) + receiver.substring(1);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public boolean isAvailable() {
        return unavailableSince == null;
    }

    /** The receiver answered: it took the message, or turned this one message away. */
    void answered() {
        Instant since = unavailableSince;
        if (since == null) {
            return;
        }
        unavailableSince = null;
        log.log(Level.INFO, "{0} takes messages again after {1}; {2} delivery attempt(s) failed meanwhile", receiver,
                Duration.between(since, clock.instant()), failedDeliveries);
    }

    /** No message could have gone: no connection, no answer in time, refused credentials. */
    void unavailable(String reason) {
        failedDeliveries = unavailableSince == null ? 1 : failedDeliveries + 1;
        if (unavailableSince != null) {
            return;
        }
        unavailableSince = clock.instant();
        log.log(Level.WARNING, "{0} does not take messages: {1}. They wait in the outbox and are retried with backoff; "
                + "the next line comes when it takes messages again (each retry is logged at DEBUG)", receiver, reason);
    }
}
