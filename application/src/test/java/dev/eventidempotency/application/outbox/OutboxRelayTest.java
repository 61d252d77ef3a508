package dev.eventidempotency.application.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.application.outbox.InMemoryOutbox.Status;
import dev.eventidempotency.application.outbox.port.in.RelayPass;
import dev.eventidempotency.application.outbox.port.out.EmailNotSentException;
import dev.eventidempotency.application.outbox.port.out.EmailSender;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.outbox.EmailAddress;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
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

    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final ScriptedSender sender = new ScriptedSender();
    private final OutboxRelay relay = new OutboxRelay(outbox, outbox, sender, RETRIES, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void deliversEveryDueEmailOnceAndMarksItSent() {
        OutgoingEmail first = email("evt-1");
        OutgoingEmail second = email("evt-2");
        outbox.add(first, NOW);
        outbox.add(second, NOW.minusSeconds(5));

        RelayPass pass = relay.relayDue();

        assertThat(pass).isEqualTo(new RelayPass(2, 0, 0));
        assertThat(sender.accepted).containsExactly(first, second);
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
    void aTemporaryFailureSchedulesARetryAndEndsThePass() {
        OutgoingEmail first = email("evt-1");
        outbox.add(first, NOW);
        outbox.add(email("evt-2"), NOW);
        sender.fail(first, EmailNotSentException.temporary("connection refused", null));

        RelayPass pass = relay.relayDue();

        assertThat(pass).isEqualTo(new RelayPass(0, 1, 0));
        assertThat(sender.accepted).isEmpty();
        InMemoryOutbox.Row row = outbox.row(first.id());
        assertThat(row.status()).isEqualTo(Status.PENDING);
        assertThat(row.failedAttempts()).isEqualTo(1);
        assertThat(row.dueAt()).isEqualTo(NOW.plusSeconds(2));
        assertThat(row.lastError()).isEqualTo("connection refused");
    }

    @Test
    void aPermanentRejectionParksTheEmailAndThePassGoesOn() {
        OutgoingEmail rejected = email("evt-1");
        OutgoingEmail next = email("evt-2");
        outbox.add(rejected, NOW);
        outbox.add(next, NOW);
        sender.fail(rejected, EmailNotSentException.permanent("550 mailbox unavailable", null));

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
        sender.fail(email, EmailNotSentException.temporary("451 try later", null));
        relay.relayDue();
        relayAt(NOW.plus(Duration.ofHours(1))).relayDue();
        RelayPass last = relayAt(NOW.plus(Duration.ofHours(2))).relayDue();

        assertThat(last).isEqualTo(new RelayPass(0, 0, 1));
        assertThat(outbox.row(email.id()).status()).isEqualTo(Status.PARKED);
        assertThat(outbox.row(email.id()).failedAttempts()).isEqualTo(3);
    }

    @Test
    void aCrashWhileSendingRollsBackSoTheEmailStaysPending() {
        OutgoingEmail email = email("evt-1");
        outbox.add(email, NOW);
        sender.crash(email);

        assertThatThrownBy(relay::relayDue).isInstanceOf(IllegalStateException.class);

        assertThat(outbox.row(email.id()).status()).isEqualTo(Status.PENDING);
        assertThat(outbox.row(email.id()).failedAttempts()).isZero();
    }

    private static OutgoingEmail email(String event) {
        EventId id = new EventId(event);
        return new OutgoingEmail(MessageId.forEvent(id, "welcome", "example.com"), id,
                new EmailAddress("from@example.com"), new EmailAddress(event + "@example.com"), "Welcome", "Hello");
    }

    private static final class ScriptedSender implements EmailSender {
        private final List<OutgoingEmail> accepted = new ArrayList<>();
        private final Map<MessageId, RuntimeException> failures = new HashMap<>();

        void fail(OutgoingEmail email, EmailNotSentException failure) {
            failures.put(email.id(), failure);
        }

        void crash(OutgoingEmail email) {
            failures.put(email.id(), new IllegalStateException("the process died"));
        }

        @Override
        public void send(OutgoingEmail email) {
            RuntimeException failure = failures.get(email.id());
            if (failure != null) {
                throw failure;
            }
            accepted.add(email);
        }
    }

    private OutboxRelay relayAt(Instant now) {
        return new OutboxRelay(outbox, outbox, sender, RETRIES, Clock.fixed(now, ZoneOffset.UTC));
    }
}
