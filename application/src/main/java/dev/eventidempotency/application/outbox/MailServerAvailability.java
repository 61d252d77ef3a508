package dev.eventidempotency.application.outbox;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether the mail server takes e-mail, as the relay last found it, and the log of its changes: one
 * WARN when it stops (with the reason), one INFO when it takes e-mail again (with how long it was
 * away), instead of a line for every e-mail that waits meanwhile. Written by the relay's one thread,
 * read by metrics from others.
 */
public final class MailServerAvailability {

    private static final Logger log = System.getLogger(MailServerAvailability.class.getName());

    private final Clock clock;
    private volatile Instant unavailableSince;
    private int failedDeliveries;

    public MailServerAvailability(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public boolean isAvailable() {
        return unavailableSince == null;
    }

    /** The server answered: it took the e-mail, or turned this one message away. */
    void answered() {
        Instant since = unavailableSince;
        if (since == null) {
            return;
        }
        unavailableSince = null;
        log.log(Level.INFO, "The mail server takes e-mail again after {0}; {1} delivery attempt(s) failed meanwhile",
                Duration.between(since, clock.instant()), failedDeliveries);
    }

    /** No message could have gone: no connection, no answer in time, refused credentials. */
    void unavailable(String reason) {
        failedDeliveries = unavailableSince == null ? 1 : failedDeliveries + 1;
        if (unavailableSince != null) {
            return;
        }
        unavailableSince = clock.instant();
        log.log(Level.WARNING, "The mail server does not take e-mail: {0}. E-mails wait in the outbox and are retried "
                + "with backoff; the next line comes when it takes e-mail again (each retry is logged at DEBUG)", reason);
    }
}
