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
import dev.eventidempotency.application.outbox.port.out.SendResult;
import dev.eventidempotency.application.outbox.port.out.TraceContext;
import dev.eventidempotency.bootstrap.config.MailSettings;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * An outbox relay as {@code run} wires it, configured by the same environment, except that it pauses
 * at the step named by {@code PAUSE_AT}: right after its claim of the first batch of due messages
 * committed, after the receiver accepted them, after they were marked sent but before that commit, or
 * after it. There
 * it prints {@link #pausedAt(Step)} and waits for the test to kill it with SIGKILL, the crash itself.
 * {@code OUTBOX} says which: {@code emails} (the default, over SMTP) or {@code events} (to Kafka).
 * A test-only main class: production code has no hook for it.
 */
public final class PausingOutboxRelay {

    /** The steps of one delivery, in their order. */
    public enum Step { CLAIMED, SENT, MARKED_SENT, COMMITTED }

    /** How long a paused relay waits to be killed before it gives up and exits with an error. */
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(PausingOutboxRelay.class);

    private PausingOutboxRelay() {
    }

    /** The line the relay prints once it has paused at {@code step}, for the test to kill it then. */
    public static String pausedAt(Step step) {
        return "Paused at " + step + ", waiting to be killed";
    }

    public static void main(String[] arguments) {
        Step pauseAt = Step.valueOf(System.getenv("PAUSE_AT"));
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
                    relayPausing(database.unitOfWork(), new MyBatisEventOutbox(), publisher, mail.retries(),
                            publisher.lease(), mail.batchSize(), pauseAt);
                }
            } else {
                try (SmtpEmailSender smtp = new SmtpEmailSender(mail.smtp())) {
                    relayPausing(database.unitOfWork(), new MyBatisEmailOutbox(), smtp, mail.retries(),
                            mail.smtp().longestDelivery(), 1, pauseAt);
                }
            }
        }
        LOG.error("The relay finished without reaching {}", pauseAt);
        System.exit(1);
    }

    private static <M, I> void relayPausing(UnitOfWork unitOfWork, LeasedOutbox<M, I> outbox, OutboxSender<M> sender,
            RetrySchedule retries, Duration lease, int batchSize, Step pauseAt) {
        MarkedSent markedSent = new MarkedSent();
        new OutboxRelay<>(pausingUnitOfWork(unitOfWork, pauseAt, markedSent), pausingOutbox(outbox, pauseAt, markedSent),
                pausingSender(sender, pauseAt), retries, lease, batchSize,
                new ReceiverAvailability("the receiver", Clock.systemUTC()),
                Clock.systemUTC()).relayDue();
    }

    private static void pause(Step step) {
        LOG.info(pausedAt(step));
        try {
            Thread.sleep(LONGEST_PAUSE.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.error("Nobody killed the relay paused at {} within {}", step, LONGEST_PAUSE);
        Runtime.getRuntime().halt(1);
    }

    /** Whether the transaction in progress marked a message sent. */
    private static final class MarkedSent {
        private boolean inThisTransaction;
    }

    private static UnitOfWork pausingUnitOfWork(UnitOfWork unitOfWork, Step pauseAt, MarkedSent markedSent) {
        return new UnitOfWork() {
            @Override
            public <R> R inTransaction(TransactionalWork<R> work) {
                markedSent.inThisTransaction = false;
                R result = unitOfWork.inTransaction(work);
                // The claim's transaction returns the claimed messages, an empty list when none was due.
                if (pauseAt == Step.CLAIMED && result instanceof List<?> claimed && !claimed.isEmpty()) {
                    pause(Step.CLAIMED);
                }
                if (pauseAt == Step.COMMITTED && markedSent.inThisTransaction) {
                    pause(Step.COMMITTED);
                }
                return result;
            }
        };
    }

    private static <M, I> LeasedOutbox<M, I> pausingOutbox(LeasedOutbox<M, I> outbox, Step pauseAt, MarkedSent markedSent) {
        return new LeasedOutbox<>() {
            @Override
            public List<? extends Pending<M, I>> claimDue(Transaction transaction, Instant now, Instant leaseUntil,
                    int limit) {
                return outbox.claimDue(transaction, now, leaseUntil, limit);
            }

            @Override
            public void markSent(Transaction transaction, List<I> ids, Instant sentAt) {
                outbox.markSent(transaction, ids, sentAt);
                markedSent.inThisTransaction = true;
                if (pauseAt == Step.MARKED_SENT) {
                    pause(Step.MARKED_SENT);
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

    /** Sends as {@code sender} does, a batch at a time where it can, and pauses once the receiver has answered. */
    private static <M> OutboxSender<M> pausingSender(OutboxSender<M> sender, Step pauseAt) {
        return new OutboxSender<>() {
            @Override
            public void send(M message, TraceContext trace) {
                sender.send(message, trace);
            }

            @Override
            public List<SendResult> sendAll(List<? extends Pending<M, ?>> batch) {
                List<SendResult> results = sender.sendAll(batch);
                if (pauseAt == Step.SENT) {
                    pause(Step.SENT);
                }
                return results;
            }
        };
    }
}
