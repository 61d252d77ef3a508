package dev.eventidempotency.bootstrap.outbox;

import dev.eventidempotency.application.outbox.MailServerAvailability;
import dev.eventidempotency.application.outbox.port.in.RelayOutboxUseCase;
import dev.eventidempotency.application.outbox.port.in.RelayPass;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox relay of a running service, on a thread of its own: the consumer only ever writes rows,
 * so a mail server that is slow or down never delays a poll. Each pass delivers every e-mail that is
 * due, then the relay rests for the interval. A pass that sent or parked e-mails is logged at INFO; a
 * pass that only put e-mails back for later at DEBUG, since the relay logs the mail server's going
 * and coming back itself.
 */
public final class ScheduledOutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledOutboxRelay.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final ScheduledExecutorService scheduler;
    private final AutoCloseable connection;
    private final MailServerAvailability mailServer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retriedLater = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();

    private ScheduledOutboxRelay(ScheduledExecutorService scheduler, AutoCloseable connection,
            MailServerAvailability mailServer) {
        this.scheduler = scheduler;
        this.connection = connection;
        this.mailServer = mailServer;
    }

    /** Runs {@code relay} every {@code interval}; {@code connection} is closed once the relay has stopped. */
    public static ScheduledOutboxRelay start(RelayOutboxUseCase relay, MailServerAvailability mailServer,
            Duration interval, AutoCloseable connection) {
        // A daemon: a delivery in flight must never keep the JVM from exiting; its row stays pending.
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        ScheduledOutboxRelay scheduled = new ScheduledOutboxRelay(scheduler, connection, mailServer);
        scheduler.scheduleWithFixedDelay(() -> scheduled.relayOnce(relay, interval), 0, interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return scheduled;
    }

    /** E-mails this instance's relay handed to the mail server. */
    public long sent() {
        return sent.get();
    }

    /** Failed deliveries this instance's relay will try again. */
    public long retriedLater() {
        return retriedLater.get();
    }

    /** E-mails this instance's relay gave up on. */
    public long parked() {
        return parked.get();
    }

    /** False from the delivery that found the mail server out of reach until one that it answered. */
    public boolean mailServerAvailable() {
        return mailServer.isAvailable();
    }

    // Never throws: an exception would cancel every later pass of the schedule.
    private void relayOnce(RelayOutboxUseCase relay, Duration interval) {
        try {
            RelayPass pass = relay.relayDue();
            sent.addAndGet(pass.sent());
            retriedLater.addAndGet(pass.retriedLater());
            parked.addAndGet(pass.parked());
            if (pass.sent() > 0 || pass.parked() > 0) {
                LOG.info("Outbox relay: {} e-mail(s) sent, {} to retry later, {} parked", pass.sent(),
                        pass.retriedLater(), pass.parked());
            } else if (pass.retriedLater() > 0) {
                LOG.debug("Outbox relay: {} e-mail(s) to retry later", pass.retriedLater());
            }
        } catch (RuntimeException failure) {
            LOG.warn("Outbox relay pass failed; the e-mails stay in the outbox and the next pass runs in {}", interval,
                    failure);
        }
    }

    /**
     * Stops the relay after the delivery in flight, whose result is still recorded; the pass's other
     * due e-mails wait for the next start. A delivery that outlasts the timeout is abandoned with the
     * JVM: its row stays pending and is sent again, with the same Message-ID.
     */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The outbox relay did not stop within {} s", STOP_TIMEOUT.toSeconds());
                return;
            }
            connection.close();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (Exception unclosable) {
            LOG.warn("Could not close the outbox relay's connection", unclosable);
        }
    }
}
