package dev.eventidempotency.application.outbox;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.outbox.port.in.RelayOutboxUseCase;
import dev.eventidempotency.application.outbox.port.in.RelayPass;
import dev.eventidempotency.application.outbox.port.out.LeasedOutbox;
import dev.eventidempotency.application.outbox.port.out.NotSentException;
import dev.eventidempotency.application.outbox.port.out.OutboxSender;
import dev.eventidempotency.application.outbox.port.out.Pending;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The relay of an outbox, one for every kind of message (e-mails to a mail server, events to Kafka):
 * claims one due message with a lease (a short transaction), hands it to the receiver with no
 * transaction open, then records the result (another short transaction); then the next. The
 * receiver's pace never holds a database connection or a row lock. The only window for a second send
 * is a crash (or a lost database) after the receiver accepted the message and before the result is
 * recorded: the message goes out again, with the same id, once its lease ends.
 *
 * <p>Every failure of a send counts an attempt and puts the message back with backoff, so none blocks
 * the messages behind it (but for those the outbox holds back for order). A permanent rejection parks
 * the message and the pass goes on, and so does a message the receiver turned away for now. A receiver
 * that is out of reach ends the pass, because the next message would meet it too, and so does a
 * failure the sender did not expect, so that a bug that fails every message costs one attempt and one
 * log line per pass, not one per message due.
 *
 * @param <M> the message
 * @param <I> its id in the outbox
 */
public final class OutboxRelay<M, I> implements RelayOutboxUseCase {

    private static final Logger log = System.getLogger(OutboxRelay.class.getName());

    private final UnitOfWork unitOfWork;
    private final LeasedOutbox<M, I> outbox;
    private final OutboxSender<M> sender;
    private final RetrySchedule retries;
    private final Duration lease;
    private final ReceiverAvailability receiver;
    private final Clock clock;

    /**
     * @param lease how long a claimed message is left to this relay: longer than a send can take, or a
     *              second relay may claim it while the first still waits for the receiver's answer
     */
    public OutboxRelay(UnitOfWork unitOfWork, LeasedOutbox<M, I> outbox, OutboxSender<M> sender,
            RetrySchedule retries, Duration lease, ReceiverAvailability receiver, Clock clock) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the lease must be positive, was " + lease);
        }
    }

    @Override
    public RelayPass relayDue() {
        RelayPass pass = RelayPass.NOTHING;
        while (!Thread.currentThread().isInterrupted()) {
            Instant now = clock.instant();
            Optional<? extends Pending<M, I>> claimed = unitOfWork.inTransaction(
                    transaction -> outbox.claimNextDue(transaction, now, now.plus(lease)));
            if (claimed.isEmpty()) {
                return pass;
            }
            Outcome outcome = deliver(claimed.get());
            pass = pass.plus(outcome.pass());
            if (outcome.endsPass()) {
                return pass;
            }
        }
        return pass;
    }

    private Outcome deliver(Pending<M, I> pending) {
        I id = pending.id();
        try {
            sender.send(pending.message(), pending.trace());
        } catch (NotSentException failure) {
            return unitOfWork.inTransaction(transaction -> notSent(transaction, pending, failure));
        } catch (RuntimeException unexpected) {
            return unitOfWork.inTransaction(transaction -> failedUnexpectedly(transaction, pending, unexpected));
        }
        receiver.answered();
        return unitOfWork.inTransaction(transaction -> {
            outbox.markSent(transaction, id, clock.instant());
            return new Outcome(new RelayPass(1, 0, 0), false);
        });
    }

    private Outcome notSent(Transaction transaction, Pending<M, I> pending, NotSentException failure) {
        String reason = failure.getMessage();
        if (failure.isServerUnavailable()) {
            receiver.unavailable(reason);
        } else {
            receiver.answered();
        }
        int failedAttempts = pending.failedAttempts() + 1;
        if (failure.isPermanent() || retries.givesUpAfter(failedAttempts)) {
            return park(transaction, pending, failedAttempts, reason);
        }
        Instant next = retries.nextAttemptAfter(failedAttempts, clock.instant());
        // While the receiver is away its one WARN speaks for every message that waits.
        log.log(failure.isServerUnavailable() ? Level.DEBUG : Level.INFO,
                "message not sent, retrying at {0}: id={1} attempt={2} reason={3}", next, pending.id(), failedAttempts,
                reason);
        outbox.retryLater(transaction, pending.id(), next, reason);
        return new Outcome(new RelayPass(0, 1, 0), failure.isServerUnavailable());
    }

    private Outcome failedUnexpectedly(Transaction transaction, Pending<M, I> pending, RuntimeException unexpected) {
        String reason = "the sender failed unexpectedly: " + unexpected;
        int failedAttempts = pending.failedAttempts() + 1;
        if (retries.givesUpAfter(failedAttempts)) {
            return park(transaction, pending, failedAttempts, reason);
        }
        Instant next = retries.nextAttemptAfter(failedAttempts, clock.instant());
        log.log(Level.WARNING, "message not sent, retrying at " + next + ": id=" + pending.id()
                + " attempt=" + failedAttempts + " reason=" + reason, unexpected);
        outbox.retryLater(transaction, pending.id(), next, reason);
        return new Outcome(new RelayPass(0, 1, 0), true);
    }

    private Outcome park(Transaction transaction, Pending<M, I> pending, int failedAttempts, String reason) {
        log.log(Level.WARNING, "message parked after {0} failed attempt(s): id={1} reason={2}", failedAttempts,
                pending.id(), reason);
        outbox.park(transaction, pending.id(), reason);
        return new Outcome(new RelayPass(0, 0, 1), false);
    }

    /** What one delivery did, and whether the pass should stop after it. */
    private record Outcome(RelayPass pass, boolean endsPass) {
    }
}
