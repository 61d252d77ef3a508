package dev.eventidempotency.adapter.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.eventidempotency.adapter.smtp.testing.RejectingMailServer;
import dev.eventidempotency.adapter.smtp.testing.SlowMailServer;
import dev.eventidempotency.application.outbox.port.out.NotSentException;
import dev.eventidempotency.application.outbox.port.out.TraceContext;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import dev.eventidempotency.domain.shared.EmailAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sender against GreenMail, a real SMTP server in this JVM, spoken to over a socket. */
class SmtpEmailSenderIT {

    private static final ServerSetup SMTP = ServerSetupTest.SMTP.dynamicPort();

    @RegisterExtension
    static final GreenMailExtension mailServer = new GreenMailExtension(SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay", "right-secret"));

    @Test
    void deliversTheEmailWithTheMessageIdOfItsEvent() throws Exception {
        OutgoingEmail email = email("evt-1", "ada@example.org");

        sender(mailServer.getSmtp().getPort()).send(email, TraceContext.NONE);

        MimeMessage[] received = mailServer.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getMessageID()).isEqualTo(email.id().value());
        assertThat(received[0].getFrom()[0]).hasToString("welcome@example.com");
        assertThat(received[0].getAllRecipients()[0]).hasToString("ada@example.org");
        assertThat(received[0].getSubject()).isEqualTo("Welcome aboard");
        assertThat(GreenMailUtil.getBody(received[0])).contains("Hello Ada");
    }

    @Test
    void aSecondSendOfTheSameEmailCarriesTheSameMessageId() throws Exception {
        OutgoingEmail email = email("evt-2", "bob@example.org");
        SmtpEmailSender sender = sender(mailServer.getSmtp().getPort());

        sender.send(email, TraceContext.NONE);
        sender.send(email, TraceContext.NONE);

        MimeMessage[] received = mailServer.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getMessageID()).isEqualTo(received[1].getMessageID()).isEqualTo(email.id().value());
    }

    @Test
    void deliversWithTheRightCredentials() {
        sender(mailServer.getSmtp().getPort(), "relay", "right-secret")
                .send(email("evt-3", "cy@example.org"), TraceContext.NONE);

        assertThat(mailServer.getReceivedMessages()).hasSize(1);
    }

    @Test
    void wrongCredentialsAreTemporaryAndNameTheSettingsButNotTheSecret() {
        NotSentException failure = catchThrowableOfType(NotSentException.class,
                () -> sender(mailServer.getSmtp().getPort(), "relay", "wrong-secret")
                        .send(email("evt-4", "di@example.org"), TraceContext.NONE));

        assertThat(failure.isPermanent()).isFalse();
        assertThat(failure.getMessage()).contains("SMTP_USER", "SMTP_PASSWORD", "relay").doesNotContain("wrong-secret");
        assertThat(mailServer.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerThatIsDownIsATemporaryFailure() throws IOException {
        int closedPort = portNobodyListensOn();

        NotSentException failure = catchThrowableOfType(NotSentException.class,
                () -> sender(closedPort).send(email("evt-5", "ed@example.org"), TraceContext.NONE));

        assertThat(failure.isPermanent()).isFalse();
        assertThat(failure.isServerUnavailable()).isTrue();
        assertThat(failure.getMessage()).contains("127.0.0.1:" + closedPort, "Connection refused");
    }

    @Test
    void aSlowAnswerToTheMessageWithinTheDataTimeoutIsOneDelivery() {
        SlowMailServer slowServer = new SlowMailServer(ServerSetupTest.SMTP.dynamicPort(), Duration.ofSeconds(2));
        slowServer.start();
        try {
            SmtpEmailSender sender = sender(slowServer.getSmtp().getPort(), Duration.ofMillis(500), Duration.ofSeconds(10));

            sender.send(email("evt-10", "hal@example.org"), TraceContext.NONE);
            sender.send(email("evt-11", "ida@example.org"), TraceContext.NONE);

            assertThat(slowServer.getReceivedMessages()).hasSize(2);
        } finally {
            slowServer.stop();
        }
    }

    @Test
    void noAnswerToTheMessageWithinTheDataTimeoutMeansTheServerIsUnavailable() {
        SlowMailServer slowServer = new SlowMailServer(ServerSetupTest.SMTP.dynamicPort(), Duration.ofSeconds(3));
        slowServer.start();
        try {
            SmtpEmailSender sender = sender(slowServer.getSmtp().getPort(), Duration.ofMillis(500), Duration.ofSeconds(1));

            NotSentException failure = catchThrowableOfType(NotSentException.class,
                    () -> sender.send(email("evt-12", "joe@example.org"), TraceContext.NONE));

            assertThat(failure.isServerUnavailable()).isTrue();
            assertThat(failure.getMessage()).contains("Read timed out");
        } finally {
            slowServer.stop();
        }
    }

    @Test
    void aServerWithoutStartTlsGetsNothingInClearWhenStartTlsIsRequired() {
        SmtpEmailSender sender = new SmtpEmailSender(
                SmtpSettings.unauthenticated("127.0.0.1", mailServer.getSmtp().getPort(), SmtpSecurity.STARTTLS));

        NotSentException failure = catchThrowableOfType(NotSentException.class,
                () -> sender.send(email("evt-6", "fay@example.org"), TraceContext.NONE));

        assertThat(failure.isPermanent()).isFalse();
        assertThat(mailServer.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRecipientTheServerRejectsForGoodIsAPermanentFailure() {
        GreenMail strictServer = new RejectingMailServer(ServerSetupTest.SMTP.dynamicPort());
        strictServer.start();
        try {
            SmtpEmailSender sender = sender(strictServer.getSmtp().getPort());

            NotSentException bounced = catchThrowableOfType(NotSentException.class,
                    () -> sender.send(email("evt-7", "bounce-me@example.org"), TraceContext.NONE));
            NotSentException busy = catchThrowableOfType(NotSentException.class,
                    () -> sender.send(email("evt-8", "busy-now@example.org"), TraceContext.NONE));
            sender.send(email("evt-9", "gus@example.org"), TraceContext.NONE);

            assertThat(bounced.isPermanent()).isTrue();
            assertThat(bounced.getMessage()).contains("550", "bounce-me@example.org");
            assertThat(busy.isPermanent()).isFalse();
            assertThat(busy.isServerUnavailable()).as("the server answered; only this recipient waits").isFalse();
            assertThat(busy.getMessage()).contains("451");
        } finally {
            strictServer.stop();
        }
    }

    private static SmtpEmailSender sender(int port) {
        return new SmtpEmailSender(SmtpSettings.unauthenticated("127.0.0.1", port, SmtpSecurity.NONE));
    }

    private static SmtpEmailSender sender(int port, Duration readTimeout, Duration dataTimeout) {
        return new SmtpEmailSender(SmtpSettings.unauthenticated("127.0.0.1", port, SmtpSecurity.NONE)
                .withTimeouts(SmtpSettings.DEFAULT_TIMEOUT, readTimeout, dataTimeout));
    }

    private static SmtpEmailSender sender(int port, String user, String password) {
        return new SmtpEmailSender(
                SmtpSettings.unauthenticated("127.0.0.1", port, SmtpSecurity.NONE).withCredentials(user, password));
    }

    private static OutgoingEmail email(String eventId, String to) {
        EventId event = new EventId(eventId);
        return new OutgoingEmail(MessageId.forEvent(event, "welcome", "example.com"), event,
                new EmailAddress("welcome@example.com"), new EmailAddress(to), "Welcome aboard",
                "Hello Ada,\r\n\r\nyour account is ready.\r\n");
    }

    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
