package dev.eventidempotency.application.outbox;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.outbox.port.in.RelayOutboxUseCase;
import dev.eventidempotency.application.outbox.port.in.RelayPass;
import dev.eventidempotency.application.outbox.port.out.EmailNotSentException;
import dev.eventidempotency.application.outbox.port.out.EmailSender;
import dev.eventidempotency.application.outbox.port.out.PendingEmail;
import dev.eventidempotency.application.outbox.port.out.PendingEmails;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outbox relay: locks one due e-mail, hands it to the mail server, records the result, commits;
 * then the next. One e-mail per transaction keeps the only window for a second send to one message:
 * a crash after the server accepted it and before the commit. That message goes out again with the
 * same Message-ID. A temporary failure ends the pass, because the next e-mail would most likely meet
 * the same unreachable server; a permanent one parks the e-mail and the pass goes on.
 */
public final class OutboxRelay implements RelayOutboxUseCase {

    private static final Logger log = System.getLogger(OutboxRelay.class.getName());

    private final UnitOfWork unitOfWork;
    private final PendingEmails outbox;
    private final EmailSender sender;
    private final RetrySchedule retries;
    private final Clock clock;

    public OutboxRelay(UnitOfWork unitOfWork, PendingEmails outbox, EmailSender sender, RetrySchedule retries, Clock clock) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public RelayPass relayDue() {
        RelayPass pass = RelayPass.NOTHING;
        while (!Thread.currentThread().isInterrupted()) {
            Optional<RelayPass> delivery = unitOfWork.inTransaction(this::deliverNextDue);
            if (delivery.isEmpty()) {
                return pass;
            }
            pass = pass.plus(delivery.get());
            if (delivery.get().retriedLater() > 0) {
                return pass;
            }
        }
        return pass;
    }

    private Optional<RelayPass> deliverNextDue(Transaction transaction) {
        return outbox.lockNextDue(transaction, clock.instant()).map(pending -> deliver(transaction, pending));
    }

    private RelayPass deliver(Transaction transaction, PendingEmail pending) {
        try {
            sender.send(pending.email());
            outbox.markSent(transaction, pending.email().id(), clock.instant());
            return new RelayPass(1, 0, 0);
        } catch (EmailNotSentException failure) {
            return recordFailure(transaction, pending, failure);
        }
    }

    private RelayPass recordFailure(Transaction transaction, PendingEmail pending, EmailNotSentException failure) {
        int failedAttempts = pending.failedAttempts() + 1;
        String reason = failure.getMessage();
        if (failure.isPermanent() || retries.givesUpAfter(failedAttempts)) {
            log.log(Level.WARNING, "e-mail parked after {0} failed attempt(s): messageId={1} event={2} reason={3}",
                    failedAttempts, pending.email().id(), pending.email().event(), reason);
            outbox.park(transaction, pending.email().id(), reason);
            return new RelayPass(0, 0, 1);
        }
        Instant next = retries.nextAttemptAfter(failedAttempts, clock.instant());
        log.log(Level.INFO, "e-mail not sent, retrying at {0}: messageId={1} attempt={2} reason={3}",
                next, pending.email().id(), failedAttempts, reason);
        outbox.retryLater(transaction, pending.email().id(), next, reason);
        return new RelayPass(0, 1, 0);
    }
}
