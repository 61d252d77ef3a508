package dev.eventidempotency.application.outbox;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.outbox.port.in.RelayOutboxUseCase;
import dev.eventidempotency.application.outbox.port.in.RelayPass;
import dev.eventidempotency.application.outbox.port.out.EmailNotSentException;
import dev.eventidempotency.application.outbox.port.out.EmailSender;
import dev.eventidempotency.application.outbox.port.out.PendingEmail;
import dev.eventidempotency.application.outbox.port.out.PendingEmails;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.MessageId;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outbox relay: claims one due e-mail with a lease (a short transaction), hands it to the mail
 * server with no transaction open, then records the result (another short transaction); then the
 * next. The mail server's pace never holds a database connection or a row lock. The only window for
 * a second send is a crash (or a lost database) after the server accepted the message and before the
 * result is recorded: the e-mail goes out again, with the same Message-ID, once its lease ends.
 *
 * <p>Every failure of a send counts an attempt and puts the e-mail back with backoff, so none blocks
 * the e-mails behind it. A permanent rejection parks the e-mail and the pass goes on, and so does a
 * message the server turned away for now. A server that is out of reach ends the pass, because the
 * next e-mail would meet it too, and so does a failure the sender did not expect, so that a bug
 * that fails every e-mail costs one attempt and one log line per pass, not one per e-mail due.
 */
public final class OutboxRelay implements RelayOutboxUseCase {

    private static final Logger log = System.getLogger(OutboxRelay.class.getName());

    private final UnitOfWork unitOfWork;
    private final PendingEmails outbox;
    private final EmailSender sender;
    private final RetrySchedule retries;
    private final Duration lease;
    private final MailServerAvailability mailServer;
    private final Clock clock;

    /**
     * @param lease how long a claimed e-mail is left to this relay: longer than a send can take, or a
     *              second relay may claim it while the first still waits for the server's answer
     */
    public OutboxRelay(UnitOfWork unitOfWork, PendingEmails outbox, EmailSender sender, RetrySchedule retries,
            Duration lease, MailServerAvailability mailServer, Clock clock) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.mailServer = Objects.requireNonNull(mailServer, "mailServer");
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
            Optional<PendingEmail> claimed = unitOfWork.inTransaction(
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

    private Outcome deliver(PendingEmail pending) {
        MessageId id = pending.email().id();
        try {
            sender.send(pending.email(), pending.trace());
        } catch (EmailNotSentException failure) {
            return unitOfWork.inTransaction(transaction -> notSent(transaction, pending, failure));
        } catch (RuntimeException unexpected) {
            return unitOfWork.inTransaction(transaction -> failedUnexpectedly(transaction, pending, unexpected));
        }
        mailServer.answered();
        return unitOfWork.inTransaction(transaction -> {
            outbox.markSent(transaction, id, clock.instant());
            return new Outcome(new RelayPass(1, 0, 0), false);
        });
    }

    private Outcome notSent(Transaction transaction, PendingEmail pending, EmailNotSentException failure) {
        String reason = failure.getMessage();
        if (failure.isServerUnavailable()) {
            mailServer.unavailable(reason);
        } else {
            mailServer.answered();
        }
        int failedAttempts = pending.failedAttempts() + 1;
        if (failure.isPermanent() || retries.givesUpAfter(failedAttempts)) {
            return park(transaction, pending, failedAttempts, reason);
        }
        Instant next = retries.nextAttemptAfter(failedAttempts, clock.instant());
        // While the server is away its one WARN speaks for every e-mail that waits.
        log.log(failure.isServerUnavailable() ? Level.DEBUG : Level.INFO,
                "e-mail not sent, retrying at {0}: messageId={1} attempt={2} reason={3}",
                next, pending.email().id(), failedAttempts, reason);
        outbox.retryLater(transaction, pending.email().id(), next, reason);
        return new Outcome(new RelayPass(0, 1, 0), failure.isServerUnavailable());
    }

    private Outcome failedUnexpectedly(Transaction transaction, PendingEmail pending, RuntimeException unexpected) {
        String reason = "the sender failed unexpectedly: " + unexpected;
        int failedAttempts = pending.failedAttempts() + 1;
        if (retries.givesUpAfter(failedAttempts)) {
            return park(transaction, pending, failedAttempts, reason);
        }
        Instant next = retries.nextAttemptAfter(failedAttempts, clock.instant());
        log.log(Level.WARNING, "e-mail not sent, retrying at " + next + ": messageId=" + pending.email().id()
                + " attempt=" + failedAttempts + " reason=" + reason, unexpected);
        outbox.retryLater(transaction, pending.email().id(), next, reason);
        return new Outcome(new RelayPass(0, 1, 0), true);
    }

    private Outcome park(Transaction transaction, PendingEmail pending, int failedAttempts, String reason) {
        log.log(Level.WARNING, "e-mail parked after {0} failed attempt(s): messageId={1} event={2} reason={3}",
                failedAttempts, pending.email().id(), pending.email().event(), reason);
        outbox.park(transaction, pending.email().id(), reason);
        return new Outcome(new RelayPass(0, 0, 1), false);
    }

    /** What one delivery did, and whether the pass should stop after it. */
    private record Outcome(RelayPass pass, boolean endsPass) {
    }
}
