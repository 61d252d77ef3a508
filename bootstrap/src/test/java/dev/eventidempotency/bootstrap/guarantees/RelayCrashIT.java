package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEmailOutbox;
import dev.eventidempotency.adapter.smtp.SmtpEmailSender;
import dev.eventidempotency.adapter.smtp.SmtpSecurity;
import dev.eventidempotency.adapter.smtp.SmtpSettings;
import dev.eventidempotency.application.outbox.OutboxRelay;
import dev.eventidempotency.application.outbox.ReceiverAvailability;
import dev.eventidempotency.application.outbox.RetrySchedule;
import dev.eventidempotency.application.outbox.port.in.RelayPass;
import dev.eventidempotency.bootstrap.PausingOutboxRelay.Step;
import dev.eventidempotency.bootstrap.PausingOutboxRelay;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import dev.eventidempotency.domain.shared.EmailAddress;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The relay, a JVM of its own, killed with SIGKILL at each step of a delivery, then started again: no
 * e-mail is lost, a relay started before the dead one's lease ends leaves its e-mail alone, and the
 * only second send, after the mail server accepted the message and before the result was committed,
 * carries the same Message-ID, which receivers recognise as the same message.
 */
class RelayCrashIT extends EndToEndTest {

    private static final EventId EVENT = new EventId("crash-evt-1");
    private static final OutgoingEmail EMAIL = new OutgoingEmail(MessageId.forEvent(EVENT, "welcome", "example.com"),
            EVENT, new EmailAddress("welcome@example.com"), new EmailAddress("ada@example.org"), "Welcome aboard",
            "Hello Ada");

    /** What the killed relay leased the e-mail for: its SMTP settings are the defaults but for host and port. */
    private static final Duration LEASE = SmtpSettings.unauthenticated("127.0.0.1", 25, SmtpSecurity.NONE).longestDelivery();

    @RegisterExtension
    static final GreenMailExtension mailServer = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @ParameterizedTest
    @EnumSource(Step.class)
    void aRelayKilledAtAnyStepLosesNoEmailAndSendsAgainOnlyWithTheSameMessageId(Step step) {
        MyBatisEmailOutbox outbox = new MyBatisEmailOutbox();
        db.database().unitOfWork().inTransaction(transaction -> {
            outbox.enqueue(transaction, List.of(EMAIL));
            return null;
        });

        ServiceUnderTest relay = ServiceUnderTest.of("user-service", "unused-topic", db);
        try (ServiceProcess paused = relay.testMain(PausingOutboxRelay.class, Map.of("PAUSE_AT", step.name(),
                "SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(mailServer.getSmtp().getPort()),
                "SMTP_SECURITY", "none"))) {
            paused.killOnceItPrints(PausingOutboxRelay.pausedAt(step), Duration.ofSeconds(60));
        }
        boolean acceptedBeforeTheCrash = step != Step.CLAIMED;
        boolean committedBeforeTheCrash = step == Step.COMMITTED;
        assertThat(mailServer.getReceivedMessages()).hasSize(acceptedBeforeTheCrash ? 1 : 0);
        assertThat(status()).isEqualTo(committedBeforeTheCrash ? "sent" : "pending");

        assertThat(relayAgain(Duration.ZERO)).as("the dead relay's lease still holds").isEqualTo(RelayPass.NOTHING);
        RelayPass restarted = relayAgain(LEASE);

        assertThat(restarted.sent()).isEqualTo(committedBeforeTheCrash ? 0 : 1);
        assertThat(status()).isEqualTo("sent");
        MimeMessage[] received = mailServer.getReceivedMessages();
        assertThat(received).hasSize(acceptedBeforeTheCrash && !committedBeforeTheCrash ? 2 : 1);
        assertThat(Arrays.stream(received).map(RelayCrashIT::messageId)).containsOnly(EMAIL.id().value());
    }

    /** A relay started {@code later} than now, with the lease the killed relay took (the same SMTP settings). */
    private RelayPass relayAgain(Duration later) {
        try (SmtpEmailSender sender = new SmtpEmailSender(
                SmtpSettings.unauthenticated("127.0.0.1", mailServer.getSmtp().getPort(), SmtpSecurity.NONE))) {
            Clock clock = Clock.offset(Clock.systemUTC(), later);
            return new OutboxRelay<>(db.database().unitOfWork(), new MyBatisEmailOutbox(), sender, RetrySchedule.DEFAULT,
                    LEASE, 1, new ReceiverAvailability("the mail server", clock), clock).relayDue();
        }
    }

    private String status() {
        return db.query("SELECT status FROM outbox_emails WHERE message_id = ?", EMAIL.id().value()).get(0);
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }
}
