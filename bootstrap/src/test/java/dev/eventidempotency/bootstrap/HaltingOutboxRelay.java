package dev.eventidempotency.bootstrap;

import dev.eventidempotency.adapter.kafka.outbox.KafkaEventPublisher;
import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEmailOutbox;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEventOutbox;
import dev.eventidempotency.adapter.smtp.SmtpEmailSender;
import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.outbox.OutboxRelay;
import dev.eventidempotency.application.outbox.ReceiverAvailability;
import dev.eventidempotency.application.outbox.RetrySchedule;
import dev.eventidempotency.application.outbox.port.out.LeasedOutbox;
import dev.eventidempotency.application.outbox.port.out.OutboxSender;
import dev.eventidempotency.application.outbox.port.out.Pending;
import dev.eventidempotency.bootstrap.config.MailSettings;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * An outbox relay as {@code run} wires it, configured by the same environment, except that the JVM
 * halts at the step named by {@code HALT_AT}: right after its claim of the first due message committed,
 * after the receiver accepted it, after it was marked sent but before that commit, or after it.
 * {@code OUTBOX} says which: {@code emails} (the default, over SMTP) or {@code events} (to Kafka).
 * {@code halt} runs no shutdown hook: nothing is committed or closed, as in a crash (SIGKILL). A
 * test-only main class: production code has no hook for it.
 */
public final class HaltingOutboxRelay {

    /** The steps of one delivery, in their order. */
    public enum Step { CLAIMED, SENT, MARKED_SENT, COMMITTED }

    private static final Logger LOG = LoggerFactory.getLogger(HaltingOutboxRelay.class);

    private HaltingOutboxRelay() {
    }

    public static void main(String[] arguments) {
        Step haltAt = Step.valueOf(System.getenv("HALT_AT"));
        boolean events = "events".equals(System.getenv("OUTBOX"));
        CommandLine commandLine = Main.commandLine(System.getenv());
        commandLine.parseArgs("run");
        RunCommand run = commandLine.getSubcommands().get("run").getCommand();
        MailSettings mail = run.mailOptions.settings();
        ServiceSettings settings = run.options.settings(run.dbSchema);
        try (PostgresDatabase database = PostgresDatabase.open(run.options.postgres(run.dbSchema))) {
            if (events) {
                try (KafkaEventPublisher publisher = KafkaEventPublisher.connect(settings.kafkaConnection(),
                        settings.service())) {
                    relayHalting(database.unitOfWork(), new MyBatisEventOutbox(), publisher, mail.retries(),
                            publisher.lease(), haltAt);
                }
            } else {
                try (SmtpEmailSender smtp = new SmtpEmailSender(mail.smtp())) {
                    relayHalting(database.unitOfWork(), new MyBatisEmailOutbox(), smtp, mail.retries(),
                            mail.smtp().longestDelivery(), haltAt);
                }
            }
        }
        LOG.error("The relay finished without reaching {}", haltAt);
        System.exit(1);
    }

    private static <M, I> void relayHalting(UnitOfWork unitOfWork, LeasedOutbox<M, I> outbox, OutboxSender<M> sender,
            RetrySchedule retries, Duration lease, Step haltAt) {
        MarkedSent markedSent = new MarkedSent();
        new OutboxRelay<>(haltingUnitOfWork(unitOfWork, haltAt, markedSent), haltingOutbox(outbox, haltAt, markedSent),
                haltingSender(sender, haltAt), retries, lease, new ReceiverAvailability("the receiver", Clock.systemUTC()),
                Clock.systemUTC()).relayDue();
    }

    private static void halt(Step step) {
        LOG.info("Halting at {}", step);
        Runtime.getRuntime().halt(HaltAfterCommit.HALTED);
    }

    /** Whether the transaction in progress marked a message sent. */
    private static final class MarkedSent {
        private boolean inThisTransaction;
    }

    private static UnitOfWork haltingUnitOfWork(UnitOfWork unitOfWork, Step haltAt, MarkedSent markedSent) {
        return new UnitOfWork() {
            @Override
            public <R> R inTransaction(TransactionalWork<R> work) {
                markedSent.inThisTransaction = false;
                R result = unitOfWork.inTransaction(work);
                // The claim's transaction returns the claimed message, or an empty Optional when none was due.
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

    private static <M, I> LeasedOutbox<M, I> haltingOutbox(LeasedOutbox<M, I> outbox, Step haltAt, MarkedSent markedSent) {
        return new LeasedOutbox<>() {
            @Override
            public Optional<? extends Pending<M, I>> claimNextDue(Transaction transaction, Instant now, Instant leaseUntil) {
                return outbox.claimNextDue(transaction, now, leaseUntil);
            }

            @Override
            public void markSent(Transaction transaction, I id, Instant sentAt) {
                outbox.markSent(transaction, id, sentAt);
                markedSent.inThisTransaction = true;
                if (haltAt == Step.MARKED_SENT) {
                    halt(Step.MARKED_SENT);
                }
            }

            @Override
            public void retryLater(Transaction transaction, I id, Instant nextAttemptAt, String reason) {
                outbox.retryLater(transaction, id, nextAttemptAt, reason);
            }

            @Override
            public void park(Transaction transaction, I id, String reason) {
                outbox.park(transaction, id, reason);
            }
        };
    }

    private static <M> OutboxSender<M> haltingSender(OutboxSender<M> sender, Step haltAt) {
        return (message, trace) -> {
            sender.send(message, trace);
            if (haltAt == Step.SENT) {
                halt(Step.SENT);
            }
        };
    }
}
