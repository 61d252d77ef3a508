package dev.eventidempotency.application.outbox;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.outbox.port.in.RelayOutboxUseCase;
import dev.eventidempotency.application.outbox.port.in.RelayPass;
import dev.eventidempotency.application.outbox.port.out.LeasedOutbox;
import dev.eventidempotency.application.outbox.port.out.NotSentException;
import dev.eventidempotency.application.outbox.port.out.OutboxSender;
import dev.eventidempotency.application.outbox.port.out.Pending;
import dev.eventidempotency.application.outbox.port.out.SendResult;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The relay of an outbox, one for every kind of message (e-mails to a mail server, events to Kafka):
 * claims a batch of due messages with a lease (a short transaction), hands them to the receiver with
 * no transaction open, then records every result (another short transaction, one statement for all the
 * messages sent); then the next batch. The receiver's pace never holds a database connection or a row
 * lock. The only window for a second send is a crash (or a lost database) after the receiver accepted a
 * message and before the result is recorded: the message goes out again, with the same id, once its
 * lease ends.
 *
 * <p>Every failure of a send counts an attempt and puts the message back with backoff, so none blocks
 * the messages behind it (but for those the outbox holds back for order). A permanent rejection parks
 * the message and the pass goes on, and so does a message the receiver turned away for now. A receiver
 * that is out of reach ends the pass after its batch, because the next batch would meet it too, and so
 * does a failure the sender did not expect, so that a bug that fails every message costs one batch of
 * attempts per pass, not one per message due.
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
    private final int batchSize;
    private final ReceiverAvailability receiver;
    private final Clock clock;

    /**
     * @param lease     how long a claimed batch is left to this relay: longer than sending a batch can take,
     *                  or a second relay may claim it while the first still waits for the receiver's answer
     * @param batchSize the most messages claimed and sent at once
     */
    public OutboxRelay(UnitOfWork unitOfWork, LeasedOutbox<M, I> outbox, OutboxSender<M> sender,
            RetrySchedule retries, Duration lease, int batchSize, ReceiverAvailability receiver, Clock clock) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.batchSize = batchSize;
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the lease must be positive, was " + lease);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, was " + batchSize);
        }
    }

    @Override
    public RelayPass relayDue() {
        RelayPass pass = RelayPass.NOTHING;
        while (!Thread.currentThread().isInterrupted()) {
            Instant now = clock.instant();
            List<? extends Pending<M, I>> claimed = unitOfWork.inTransaction(
                    transaction -> outbox.claimDue(transaction, now, now.plus(lease), batchSize));
            if (claimed.isEmpty()) {
                return pass;
            }
            Outcome outcome = deliver(claimed);
            pass = pass.plus(outcome.pass());
            if (outcome.endsPass()) {
                return pass;
            }
        }
        return pass;
    }

    private Outcome deliver(List<? extends Pending<M, I>> batch) {
        List<SendResult> results = sendAll(batch);
        if (results.size() != batch.size()) {
            throw new IllegalStateException("the sender answered " + results.size() + " of " + batch.size() + " messages");
        }
        return unitOfWork.inTransaction(transaction -> recorded(transaction, batch, results));
    }

    private List<SendResult> sendAll(List<? extends Pending<M, I>> batch) {
        try {
            return sender.sendAll(batch);
        } catch (RuntimeException unexpected) {
            return Collections.nCopies(batch.size(), SendResult.failed(unexpected));
        }
    }

    private Outcome recorded(Transaction transaction, List<? extends Pending<M, I>> batch, List<SendResult> results) {
        List<I> sent = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (results.get(i).failure().isEmpty()) {
                sent.add(batch.get(i).id());
            }
        }
        Outcome outcome = new Outcome(new RelayPass(sent.size(), 0, 0), false);
        if (!sent.isEmpty()) {
            receiver.answered();
            outbox.markSent(transaction, sent, clock.instant());
        }
        for (int i = 0; i < batch.size(); i++) {
            Optional<RuntimeException> failure = results.get(i).failure();
            if (failure.isPresent()) {
                outcome = outcome.plus(failure.get() instanceof NotSentException notSent
                        ? notSent(transaction, batch.get(i), notSent)
                        : failedUnexpectedly(transaction, batch.get(i), failure.get()));
            }
        }
        return outcome;
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

    /** What deliveries did, and whether the pass should stop after them. */
    private record Outcome(RelayPass pass, boolean endsPass) {

        Outcome plus(Outcome other) {
            return new Outcome(pass.plus(other.pass), endsPass || other.endsPass);
        }
    }
}
