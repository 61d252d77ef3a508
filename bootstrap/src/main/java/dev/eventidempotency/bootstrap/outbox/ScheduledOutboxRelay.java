package dev.eventidempotency.bootstrap.outbox;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.outbox.ReceiverAvailability;
import dev.eventidempotency.application.outbox.port.in.RelayOutboxUseCase;
import dev.eventidempotency.application.outbox.port.in.RelayPass;
import dev.eventidempotency.application.outbox.port.out.OutboxBacklog;
import dev.eventidempotency.application.outbox.port.out.OutboxCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay of one outbox (the e-mails, or the events to Kafka) of a running service, on a thread of
 * its own: the consumer only ever writes rows, so a receiver that is slow or down never delays a poll.
 * Each pass delivers every message that is due, then the relay rests for the interval. A pass that
 * sent or parked messages is logged at INFO; a pass that only put messages back for later at DEBUG,
 * since the relay logs the receiver's going and coming back itself. After each pass it reads the
 * outbox's backlog for the metrics.
 */
public final class ScheduledOutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledOutboxRelay.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final String outbox;
    private final ScheduledExecutorService scheduler;
    private final AutoCloseable connection;
    private final ReceiverAvailability receiver;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retriedLater = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private volatile OutboxCounts backlog = new OutboxCounts(0, 0, 0);
    private volatile Optional<Instant> oldestPendingSince = Optional.empty();

    private ScheduledOutboxRelay(String outbox, ScheduledExecutorService scheduler, AutoCloseable connection,
            ReceiverAvailability receiver) {
        this.outbox = outbox;
        this.scheduler = scheduler;
        this.connection = connection;
        this.receiver = receiver;
    }

    /**
     * Runs {@code relay} of the outbox named {@code outbox} every {@code interval}, reading its
     * {@code backlog} after each pass; {@code connection} is closed once the relay has stopped.
     */
    public static ScheduledOutboxRelay start(String outbox, RelayOutboxUseCase relay, UnitOfWork unitOfWork,
            OutboxBacklog backlog, ReceiverAvailability receiver, Duration interval, AutoCloseable connection) {
        // A daemon: a delivery in flight must never keep the JVM from exiting; its row stays pending.
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "outbox-relay-" + outbox);
            thread.setDaemon(true);
            return thread;
        });
        ScheduledOutboxRelay scheduled = new ScheduledOutboxRelay(outbox, scheduler, connection, receiver);
        scheduler.scheduleWithFixedDelay(() -> scheduled.relayOnce(relay, unitOfWork, backlog, interval), 0,
                interval.toMillis(), TimeUnit.MILLISECONDS);
        return scheduled;
    }

    /** Which outbox: {@code emails} or {@code events}. */
    public String outbox() {
        return outbox;
    }

    /** Messages this instance's relay handed to the receiver. */
    public long sent() {
        return sent.get();
    }

    /** Failed deliveries this instance's relay will try again. */
    public long retriedLater() {
        return retriedLater.get();
    }

    /** Messages this instance's relay gave up on. */
    public long parked() {
        return parked.get();
    }

    /** False from the delivery that found the receiver out of reach until one that it answered. */
    public boolean receiverAvailable() {
        return receiver.isAvailable();
    }

    /** The outbox's rows by state, every relay's work, as read after this relay's last pass. */
    public OutboxCounts backlog() {
        return backlog;
    }

    /** How long the oldest pending message has waited, as of this relay's last pass; zero when none waits. */
    public Duration lag() {
        return oldestPendingSince.map(since -> Duration.between(since, Instant.now())).orElse(Duration.ZERO);
    }

    // Never throws: an exception would cancel every later pass of the schedule.
    private void relayOnce(RelayOutboxUseCase relay, UnitOfWork unitOfWork, OutboxBacklog outboxBacklog,
            Duration interval) {
        try {
            RelayPass pass = relay.relayDue();
            sent.addAndGet(pass.sent());
            retriedLater.addAndGet(pass.retriedLater());
            parked.addAndGet(pass.parked());
            if (pass.sent() > 0 || pass.parked() > 0) {
                LOG.info("Outbox relay ({}): {} sent, {} to retry later, {} parked", outbox, pass.sent(),
                        pass.retriedLater(), pass.parked());
            } else if (pass.retriedLater() > 0) {
                LOG.debug("Outbox relay ({}): {} to retry later", outbox, pass.retriedLater());
            }
            backlog = unitOfWork.inTransaction(outboxBacklog::counts);
            oldestPendingSince = unitOfWork.inTransaction(outboxBacklog::oldestPendingSince);
        } catch (RuntimeException failure) {
            LOG.warn("Outbox relay ({}) pass failed; the messages stay in the outbox and the next pass runs in {}", outbox,
                    interval, failure);
        }
    }

    /**
     * Stops the relay after the delivery in flight, whose result is still recorded; the pass's other
     * due messages wait for the next start. A delivery that outlasts the timeout is abandoned with the
     * JVM: its row stays pending and is sent again, with the same id.
     */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("The outbox relay ({}) did not stop within {} s", outbox, STOP_TIMEOUT.toSeconds());
                return;
            }
            connection.close();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (Exception unclosable) {
            LOG.warn("Could not close the outbox relay's connection ({})", outbox, unclosable);
        }
    }
}
