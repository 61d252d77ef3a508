package dev.eventidempotency.application.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.application.outbox.InMemoryOutbox.Status;
import dev.eventidempotency.application.outbox.port.in.RelayPass;
import dev.eventidempotency.application.outbox.port.out.EmailSender;
import dev.eventidempotency.application.outbox.port.out.NotSentException;
import dev.eventidempotency.application.outbox.port.out.TraceContext;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import dev.eventidempotency.domain.shared.EmailAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxRelayTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final RetrySchedule RETRIES = new RetrySchedule(Duration.ofSeconds(2), Duration.ofMinutes(1), 3);
    private static final Duration LEASE = Duration.ofMinutes(12);

    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final ScriptedSender sender = new ScriptedSender(outbox);
    private final ReceiverAvailability mailServer = new ReceiverAvailability("the mail server", Clock.fixed(NOW, ZoneOffset.UTC));
    private final OutboxRelay<OutgoingEmail, MessageId> relay = relayAt(NOW);

    @Test
    void deliversEveryDueEmailOnceAndMarksItSent() {
        OutgoingEmail first = email("evt-1");
        OutgoingEmail second = email("evt-2");
        outbox.add(first, NOW);
        outbox.add(second, NOW.minusSeconds(5));

        RelayPass pass = relay.relayDue();

        assertThat(pass).isEqualTo(new RelayPass(2, 0, 0));
        assertThat(sender.accepted).as("the e-mail due longest first").containsExactly(second, first);
        assertThat(outbox.row(first.id()).status()).isEqualTo(Status.SENT);
        assertThat(relay.relayDue()).isEqualTo(RelayPass.NOTHING);
        assertThat(sender.accepted).hasSize(2);
    }

    @Test
    void leavesAnEmailThatIsNotYetDue() {
        outbox.add(email("evt-1"), NOW.plusSeconds(1));

        assertThat(relay.relayDue()).isEqualTo(RelayPass.NOTHING);
        assertThat(sender.accepted).isEmpty();
    }

    @Test
    void aMailServerOutOfReachSchedulesARetryAndEndsThePass() {
        OutgoingEmail first = email("evt-1");
        outbox.add(first, NOW);
        outbox.add(email("evt-2"), NOW);
        sender.fail(first, NotSentException.serverUnavailable("connection refused", null));

        RelayPass pass = relay.relayDue();

        assertThat(pass).isEqualTo(new RelayPass(0, 1, 0));
        assertThat(sender.accepted).isEmpty();
        InMemoryOutbox.Row row = outbox.row(first.id());
        assertThat(row.status()).isEqualTo(Status.PENDING);
        assertThat(row.failedAttempts()).isEqualTo(1);
        assertThat(row.dueAt()).isEqualTo(NOW.plusSeconds(2));
        assertThat(row.leasedUntil()).isNull();
        assertThat(row.lastError()).isEqualTo("connection refused");
        assertThat(mailServer.isAvailable()).isFalse();
    }

    @Test
    void aMessageTheServerTurnsAwayForNowIsRetriedLaterAndThePassGoesOn() {
        OutgoingEmail busy = email("evt-1");
        OutgoingEmail next = email("evt-2");
        outbox.add(busy, NOW);
        outbox.add(next, NOW);
        sender.fail(busy, NotSentException.temporary("451 mailbox busy", null));

        RelayPass pass = relay.relayDue();

        assertThat(pass).isEqualTo(new RelayPass(1, 1, 0));
        assertThat(outbox.row(busy.id()).dueAt()).isEqualTo(NOW.plusSeconds(2));
        assertThat(sender.accepted).containsExactly(next);
        assertThat(mailServer.isAvailable()).isTrue();
    }

    @Test
    void aServerThatAnswersAgainIsAvailableAgain() {
        OutgoingEmail first = email("evt-1");
        outbox.add(first, NOW);
        sender.fail(first, NotSentException.serverUnavailable("connection refused", null));
        relay.relayDue();
        sender.recover(first);

        relayAt(NOW.plusSeconds(2)).relayDue();

        assertThat(sender.accepted).containsExactly(first);
        assertThat(mailServer.isAvailable()).isTrue();
    }

    @Test
    void aPermanentRejectionParksTheEmailAndThePassGoesOn() {
        OutgoingEmail rejected = email("evt-1");
        OutgoingEmail next = email("evt-2");
        outbox.add(rejected, NOW);
        outbox.add(next, NOW);
        sender.fail(rejected, NotSentException.permanent("550 mailbox unavailable", null));

        RelayPass pass = relay.relayDue();

        assertThat(pass).isEqualTo(new RelayPass(1, 0, 1));
        assertThat(outbox.row(rejected.id()).status()).isEqualTo(Status.PARKED);
        assertThat(outbox.row(rejected.id()).lastError()).isEqualTo("550 mailbox unavailable");
        assertThat(sender.accepted).containsExactly(next);
    }

    @Test
    void givesUpAndParksAfterTheLastAllowedAttempt() {
        OutgoingEmail email = email("evt-1");
        outbox.add(email, NOW);
        sender.fail(email, NotSentException.temporary("451 try later", null));
        relay.relayDue();
        relayAt(NOW.plus(Duration.ofHours(1))).relayDue();
        RelayPass last = relayAt(NOW.plus(Duration.ofHours(2))).relayDue();

        assertThat(last).isEqualTo(new RelayPass(0, 0, 1));
        assertThat(outbox.row(email.id()).status()).isEqualTo(Status.PARKED);
        assertThat(outbox.row(email.id()).failedAttempts()).isEqualTo(3);
    }

    @Test
    void aRuntimeExceptionCountsAnAttemptAndTheNextEmailStillGoes() {
        OutgoingEmail broken = email("evt-1");
        OutgoingEmail next = email("evt-2");
        outbox.add(broken, NOW);
        outbox.add(next, NOW);
        sender.crash(broken, new IllegalStateException("a bug in the sender"));

        RelayPass first = relay.relayDue();
        RelayPass second = relay.relayDue();

        assertThat(first).isEqualTo(new RelayPass(0, 1, 0));
        InMemoryOutbox.Row row = outbox.row(broken.id());
        assertThat(row.status()).isEqualTo(Status.PENDING);
        assertThat(row.failedAttempts()).isEqualTo(1);
        assertThat(row.dueAt()).isEqualTo(NOW.plusSeconds(2));
        assertThat(row.lastError()).contains("IllegalStateException", "a bug in the sender");
        assertThat(second).isEqualTo(new RelayPass(1, 0, 0));
        assertThat(sender.accepted).containsExactly(next);
    }

    @Test
    void aRuntimeExceptionEveryTimeParksTheEmailAfterTheLastAllowedAttempt() {
        OutgoingEmail broken = email("evt-1");
        outbox.add(broken, NOW);
        sender.crash(broken, new IllegalArgumentException("cannot encode"));

        relay.relayDue();
        relayAt(NOW.plus(Duration.ofHours(1))).relayDue();
        RelayPass last = relayAt(NOW.plus(Duration.ofHours(2))).relayDue();

        assertThat(last).isEqualTo(new RelayPass(0, 0, 1));
        assertThat(outbox.row(broken.id()).status()).isEqualTo(Status.PARKED);
    }

    @Test
    void theMailServerIsSpokenToWithNoTransactionOpen() {
        outbox.add(email("evt-1"), NOW);

        relay.relayDue();

        assertThat(sender.sentInsideATransaction).containsExactly(false);
    }

    @Test
    void anEmailWhoseRelayDiedDuringTheSendIsClaimedAgainOnlyWhenTheLeaseEnds() {
        OutgoingEmail email = email("evt-1");
        outbox.add(email, NOW);
        sender.crash(email, new ProcessDied());
        assertThatThrownBy(relay::relayDue).isInstanceOf(ProcessDied.class);
        sender.recover(email);

        RelayPass beforeTheLeaseEnds = relayAt(NOW.plus(LEASE).minusSeconds(1)).relayDue();
        RelayPass whenItEnds = relayAt(NOW.plus(LEASE)).relayDue();

        assertThat(beforeTheLeaseEnds).isEqualTo(RelayPass.NOTHING);
        assertThat(whenItEnds).isEqualTo(new RelayPass(1, 0, 0));
        assertThat(outbox.row(email.id()).failedAttempts()).isZero();
    }

    @Test
    void aBatchParksOnlyTheMessageTheReceiverRefusedAndMarksTheOthersSent() {
        OutgoingEmail first = email("evt-1");
        OutgoingEmail refused = email("evt-2");
        OutgoingEmail third = email("evt-3");
        outbox.add(first, NOW.minusSeconds(3));
        outbox.add(refused, NOW.minusSeconds(2));
        outbox.add(third, NOW.minusSeconds(1));
        sender.fail(refused, NotSentException.permanent("550 mailbox unavailable", null));

        RelayPass pass = batchRelayAt(NOW, 10).relayDue();

        assertThat(pass).isEqualTo(new RelayPass(2, 0, 1));
        assertThat(outbox.row(first.id()).status()).isEqualTo(Status.SENT);
        assertThat(outbox.row(refused.id()).status()).isEqualTo(Status.PARKED);
        assertThat(outbox.row(third.id()).status()).isEqualTo(Status.SENT);
    }

    @Test
    void aReceiverOutOfReachEndsThePassAfterItsBatchAndLeavesTheNextBatchUnclaimed() {
        OutgoingEmail unreachable = email("evt-1");
        OutgoingEmail sameBatch = email("evt-2");
        OutgoingEmail nextBatch = email("evt-3");
        outbox.add(unreachable, NOW.minusSeconds(3));
        outbox.add(sameBatch, NOW.minusSeconds(2));
        outbox.add(nextBatch, NOW.minusSeconds(1));
        sender.fail(unreachable, NotSentException.serverUnavailable("connection refused", null));

        RelayPass pass = batchRelayAt(NOW, 2).relayDue();

        assertThat(pass).isEqualTo(new RelayPass(1, 1, 0));
        assertThat(sender.accepted).containsExactly(sameBatch);
        assertThat(outbox.row(nextBatch.id()).leasedUntil()).as("never claimed").isNull();
    }

    private static OutgoingEmail email(String event) {
        EventId id = new EventId(event);
        return new OutgoingEmail(MessageId.forEvent(id, "welcome", "example.com"), id,
                new EmailAddress("from@example.com"), new EmailAddress(event + "@example.com"), "Welcome", "Hello");
    }

    /** An Error, not an exception: what the relay never catches, as a crash of the JVM. */
    private static final class ProcessDied extends Error {
    }

    private static final class ScriptedSender implements EmailSender {
        private final InMemoryOutbox outbox;
        private final List<OutgoingEmail> accepted = new ArrayList<>();
        private final List<Boolean> sentInsideATransaction = new ArrayList<>();
        private final Map<MessageId, Throwable> failures = new HashMap<>();

        ScriptedSender(InMemoryOutbox outbox) {
            this.outbox = outbox;
        }

        void fail(OutgoingEmail email, NotSentException failure) {
            failures.put(email.id(), failure);
        }

        void crash(OutgoingEmail email, Throwable crash) {
            failures.put(email.id(), crash);
        }

        void recover(OutgoingEmail email) {
            failures.remove(email.id());
        }

        @Override
        public void send(OutgoingEmail email, TraceContext trace) {
            sentInsideATransaction.add(outbox.transactionOpen());
            Throwable failure = failures.get(email.id());
            if (failure instanceof RuntimeException exception) {
                throw exception;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            accepted.add(email);
        }
    }

    private OutboxRelay<OutgoingEmail, MessageId> relayAt(Instant now) {
        return batchRelayAt(now, 1);
    }

    private OutboxRelay<OutgoingEmail, MessageId> batchRelayAt(Instant now, int batchSize) {
        return new OutboxRelay<>(outbox, outbox, sender, RETRIES, LEASE, batchSize, mailServer,
                Clock.fixed(now, ZoneOffset.UTC));
    }
}
