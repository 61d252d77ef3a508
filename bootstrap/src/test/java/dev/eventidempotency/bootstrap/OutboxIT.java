package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.eventidempotency.adapter.smtp.SmtpSecurity;
import dev.eventidempotency.adapter.smtp.SmtpSettings;
import dev.eventidempotency.adapter.smtp.testing.RejectingMailServer;
import dev.eventidempotency.application.outbox.RetrySchedule;
import dev.eventidempotency.bootstrap.config.MailOptions;
import dev.eventidempotency.bootstrap.config.MailSettings;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.outbox.ScheduledOutboxRelay;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import dev.eventidempotency.domain.shared.EmailAddress;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The welcome e-mail end to end: events from the real broker, the outbox in the real database, the
 * relay talking SMTP to GreenMail, a real mail server in this JVM.
 */
class OutboxIT extends EndToEndTest {

    /** Quick enough for a test, patient enough that no e-mail is parked while its server is merely down. */
    private static final RetrySchedule QUICK_RETRIES = new RetrySchedule(Duration.ofMillis(200), Duration.ofSeconds(1), 1_000);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final String USER_CREATED = """
            {"eventId":"%s","type":"UserCreated","occurredAt":"2026-11-28T10:00:00Z",
             "payload":{"userId":"%s","email":"%s","name":"Ada"}}""";

    @RegisterExtension
    static final GreenMailExtension mailServer = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void duplicatesOfAnEventSendOneEmailEach() throws Exception {
        String topic = TestKafka.freshTopic("welcome", 3);
        DemoEventStream stream = DemoEventStream.of(300, 100, 11);
        stream.publishTo(TestKafka.bootstrapServers(), topic);

        try (RunningService service = RunningService.start("user-service", topic, db);
             ScheduledOutboxRelay relay = relayTo(mailServer.getSmtp().getPort())) {
            service.awaitAccountedFor(300);
            await().atMost(DELIVERY_TIMEOUT).until(() -> mailServer.getReceivedMessages().length >= 200);
        }

        MimeMessage[] received = mailServer.getReceivedMessages();
        assertThat(received).hasSize(200);
        assertThat(Arrays.stream(received).map(OutboxIT::messageId).distinct()).hasSize(200);
        assertThat(Arrays.stream(received).map(OutboxIT::recipient).toList())
                .containsExactlyInAnyOrderElementsOf(db.query("SELECT email FROM users"));
        assertThat(db.count("SELECT count(*) FROM outbox_emails WHERE status = 'sent'")).isEqualTo(200);
    }

    @Test
    void aMailServerThatIsDownDelaysTheEmailsButNotTheEvents() throws Exception {
        int port = portNobodyListensOn();
        String topic = TestKafka.freshTopic("mail-down", 3);
        DemoEventStream.of(50, 0, 3).publishTo(TestKafka.bootstrapServers(), topic);

        try (RunningService service = RunningService.start("user-service", topic, db);
             ScheduledOutboxRelay relay = relayTo(port)) {
            service.awaitAccountedFor(50);
            assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(50);
            await().atMost(DELIVERY_TIMEOUT)
                    .until(() -> db.count("SELECT count(*) FROM outbox_emails WHERE failed_attempts >= 2") > 0);
            assertThat(db.count("SELECT count(*) FROM outbox_emails WHERE status = 'pending'")).isEqualTo(50);

            GreenMail lateServer = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            lateServer.start();
            try {
                await().atMost(DELIVERY_TIMEOUT).until(() -> lateServer.getReceivedMessages().length >= 50);
            } finally {
                lateServer.stop();
            }
        }
        assertThat(db.count("SELECT count(*) FROM outbox_emails WHERE status = 'sent'")).isEqualTo(50);
    }

    @Test
    void aRecipientTheServerRejectsIsParkedNotRetriedForever() throws Exception {
        GreenMail strictServer = new RejectingMailServer(ServerSetupTest.SMTP.dynamicPort());
        strictServer.start();
        try {
            String topic = TestKafka.freshTopic("bounce", 1);
            TestKafka.publish(topic, RunningService.MAX_RECORD_BYTES, List.of(
                    userCreated("good-1", "00000000-0000-4000-8000-000000000001", "one@example.org"),
                    userCreated("bounce-1", "00000000-0000-4000-8000-000000000002", "bounce-me@example.org"),
                    userCreated("good-2", "00000000-0000-4000-8000-000000000003", "two@example.org")));

            try (RunningService service = RunningService.start("user-service", topic, db);
                 ScheduledOutboxRelay relay = relayTo(strictServer.getSmtp().getPort())) {
                service.awaitAccountedFor(3);
                await().atMost(DELIVERY_TIMEOUT).until(() -> relay.sent() == 2 && relay.parked() == 1);
                // Five first waits: a retried e-mail would have been tried again several times by then.
                Duration severalRetries = QUICK_RETRIES.firstWait().multipliedBy(5);
                await("a permanent rejection is never retried").during(severalRetries)
                        .atMost(severalRetries.plusSeconds(5)).until(() -> relay.retriedLater() == 0);
            }

            assertThat(strictServer.getReceivedMessages()).hasSize(2);
            assertThat(db.query("SELECT event_id || ' ' || status || ' ' || failed_attempts FROM outbox_emails ORDER BY 1"))
                    .containsExactly("bounce-1 parked 1", "good-1 sent 0", "good-2 sent 0");
            assertThat(db.query("SELECT last_error FROM outbox_emails WHERE status = 'parked'"))
                    .singleElement().asString().contains("550", "bounce-me@example.org");
        } finally {
            strictServer.stop();
        }
    }

    private ScheduledOutboxRelay relayTo(int port) {
        MailSettings settings = new MailSettings(new EmailAddress(MailOptions.DEFAULT_SENDER),
                SmtpSettings.unauthenticated("127.0.0.1", port, SmtpSecurity.NONE), Duration.ofMillis(100), QUICK_RETRIES);
        return CompositionRoot.startOutboxRelay(db.database(), settings);
    }

    private static byte[] userCreated(String eventId, String userId, String email) {
        return USER_CREATED.formatted(eventId, userId, email).getBytes(StandardCharsets.UTF_8);
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }

    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
