package dev.eventidempotency.bootstrap;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEmailOutbox;
import dev.eventidempotency.adapter.smtp.SmtpEmailSender;
import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.outbox.MailServerAvailability;
import dev.eventidempotency.application.outbox.OutboxRelay;
import dev.eventidempotency.application.outbox.port.out.EmailSender;
import dev.eventidempotency.application.outbox.port.out.PendingEmail;
import dev.eventidempotency.application.outbox.port.out.PendingEmails;
import dev.eventidempotency.bootstrap.config.MailSettings;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.MessageId;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The outbox relay as {@code run} wires it, configured by the same environment, except that the JVM
 * halts at the step named by {@code HALT_AT}: right after its claim of the first due e-mail committed,
 * after the mail server accepted it, after it was marked sent but before that commit, or after it.
 * {@code halt} runs no shutdown hook: nothing is committed or closed, as in a crash. A test-only
 * main class: production code has no hook for it.
 */
public final class HaltingOutboxRelay {

    /** The steps of one delivery, in their order. */
    public enum Step { CLAIMED, SENT, MARKED_SENT, COMMITTED }

    private static final Logger LOG = LoggerFactory.getLogger(HaltingOutboxRelay.class);

    private HaltingOutboxRelay() {
    }

    public static void main(String[] arguments) {
        Step haltAt = Step.valueOf(System.getenv("HALT_AT"));
        CommandLine commandLine = Main.commandLine(System.getenv());
        commandLine.parseArgs("run");
        RunCommand run = commandLine.getSubcommands().get("run").getCommand();
        MailSettings mail = run.mailOptions.settings();
        try (PostgresDatabase database = PostgresDatabase.open(run.options.postgres(run.dbSchema));
             SmtpEmailSender smtp = new SmtpEmailSender(mail.smtp())) {
            MarkedSent markedSent = new MarkedSent();
            new OutboxRelay(haltingUnitOfWork(database.unitOfWork(), haltAt, markedSent),
                    haltingOutbox(new MyBatisEmailOutbox(), haltAt, markedSent), haltingSender(smtp, haltAt), mail.retries(),
                    mail.smtp().longestDelivery(), new MailServerAvailability(Clock.systemUTC()), Clock.systemUTC())
                    .relayDue();
        }
        LOG.error("The relay finished without reaching {}", haltAt);
        System.exit(1);
    }

    private static void halt(Step step) {
        LOG.info("Halting at {}", step);
        Runtime.getRuntime().halt(HaltAfterCommit.HALTED);
    }

    /** Whether the transaction in progress marked an e-mail sent. */
    private static final class MarkedSent {
        private boolean inThisTransaction;
    }

    private static UnitOfWork haltingUnitOfWork(UnitOfWork unitOfWork, Step haltAt, MarkedSent markedSent) {
        return new UnitOfWork() {
            @Override
            public <R> R inTransaction(TransactionalWork<R> work) {
                markedSent.inThisTransaction = false;
                R result = unitOfWork.inTransaction(work);
                // The claim's transaction returns the claimed e-mail, or an empty Optional when none was due.
                if (haltAt == Step.CLAIMED && result instanceof Optional<?> claimed && claimed.isPresent()) {
                    halt(Step.CLAIMED);
                }
                if (haltAt == Step.COMMITTED && markedSent.inThisTransaction) {
                    halt(Step.COMMITTED);
                }
                return result;
            }
        };
    }

    private static PendingEmails haltingOutbox(PendingEmails outbox, Step haltAt, MarkedSent markedSent) {
        return new PendingEmails() {
            @Override
            public Optional<PendingEmail> claimNextDue(Transaction transaction, Instant now, Instant leaseUntil) {
                return outbox.claimNextDue(transaction, now, leaseUntil);
            }

            @Override
            public void markSent(Transaction transaction, MessageId id, Instant sentAt) {
                outbox.markSent(transaction, id, sentAt);
                markedSent.inThisTransaction = true;
                if (haltAt == Step.MARKED_SENT) {
                    halt(Step.MARKED_SENT);
                }
            }

            @Override
            public void retryLater(Transaction transaction, MessageId id, Instant nextAttemptAt, String reason) {
                outbox.retryLater(transaction, id, nextAttemptAt, reason);
            }

            @Override
            public void park(Transaction transaction, MessageId id, String reason) {
                outbox.park(transaction, id, reason);
            }
        };
    }

    private static EmailSender haltingSender(EmailSender sender, Step haltAt) {
        return (email, trace) -> {
            sender.send(email, trace);
            if (haltAt == Step.SENT) {
                halt(Step.SENT);
            }
        };
    }
}
