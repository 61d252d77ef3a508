package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEmailOutbox;
import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.adapter.smtp.SmtpEmailSender;
import dev.eventidempotency.adapter.smtp.SmtpSecurity;
import dev.eventidempotency.adapter.smtp.SmtpSettings;
import dev.eventidempotency.adapter.smtp.testing.SlowMailServer;
import dev.eventidempotency.application.outbox.OutboxRelay;
import dev.eventidempotency.application.outbox.ReceiverAvailability;
import dev.eventidempotency.application.outbox.RetrySchedule;
import dev.eventidempotency.application.outbox.port.in.RelayPass;
import dev.eventidempotency.bootstrap.config.MailOptions;
import dev.eventidempotency.bootstrap.config.MailSettings;
import dev.eventidempotency.bootstrap.outbox.ScheduledOutboxRelay;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import dev.eventidempotency.domain.shared.EmailAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The outbox relay against the real PostgreSQL and a real SMTP server that is slow or away: the
 * database is left alone while the mail server takes its time, a slow answer to the message is
 * not taken for a failure, and a mail server that goes away and comes back is two log lines.
 */
class OutboxRelayIT {

    /** Quick enough for a test, patient enough that no e-mail is parked while its server is merely away. */
    private static final RetrySchedule QUICK_RETRIES = new RetrySchedule(Duration.ofMillis(200), Duration.ofSeconds(1), 1_000);
    private static final Duration SLOW_REPLY = Duration.ofSeconds(3);

    private static TestDatabase db;
    private final MyBatisEmailOutbox outbox = new MyBatisEmailOutbox();
    private final List<Logger> capturing = List.of(logger(ReceiverAvailability.class), logger(OutboxRelay.class),
            logger(ScheduledOutboxRelay.class));
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void createDatabase() {
        db = TestPostgres.freshDatabase();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void captureTheRelaysLog() {
        db.emptyEveryTable();
        log.start();
        capturing.forEach(logger -> logger.addAppender(log));
    }

    @AfterEach
    void stopCapturing() {
        capturing.forEach(logger -> logger.detachAppender(log));
    }

    @Test
    void noConnectionTransactionOrRowLockIsHeldWhileTheMailServerTakesItsTime() throws Exception {
        SlowMailServer slowServer = new SlowMailServer(ServerSetupTest.SMTP.dynamicPort(), SLOW_REPLY);
        slowServer.start();
        try (SmtpEmailSender sender = new SmtpEmailSender(smtp(slowServer.getSmtp().getPort()))) {
            OutgoingEmail email = enqueue("slow-1");
            OutboxRelay<OutgoingEmail, MessageId> relay = new OutboxRelay<>(db.database().unitOfWork(), outbox, sender,
                    QUICK_RETRIES, Duration.ofMinutes(15), 1, new ReceiverAvailability("the mail server", Clock.systemUTC()),
                    Clock.systemUTC());

            CompletableFuture<RelayPass> pass = CompletableFuture.supplyAsync(relay::relayDue);
            assertThat(slowServer.awaitMessageRead(Duration.ofSeconds(20))).as("the server read the message").isTrue();

            assertThat(sessionsHoldingTheOutboxTable()).as("sessions with a lock on outbox_emails, by state").isEmpty();
            assertThat(db.query("SELECT message_id FROM outbox_emails FOR UPDATE NOWAIT"))
                    .as("the row is not locked").containsExactly(email.id().value());
            assertThat(((HikariDataSource) db.database().dataSource()).getHikariPoolMXBean().getActiveConnections())
                    .as("pooled connections in use (this test's queries have returned theirs)").isZero();
            assertThat(pass.get(20, TimeUnit.SECONDS)).isEqualTo(new RelayPass(1, 0, 0));
            assertThat(slowServer.getReceivedMessages()).hasSize(1);
        } finally {
            slowServer.stop();
        }
    }

    @Test
    void aSlowAnswerToTheMessageWithinTheDataTimeoutIsOneDeliveryNotTwo() throws Exception {
        SlowMailServer slowServer = new SlowMailServer(ServerSetupTest.SMTP.dynamicPort(), SLOW_REPLY);
        slowServer.start();
        OutgoingEmail email = enqueue("slow-2");
        // Every other reply must come within 1 s; the answer to the message takes 3 s and may take 30.
        SmtpSettings patientWithTheMessage = smtp(slowServer.getSmtp().getPort())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30));
        try {
            try (ScheduledOutboxRelay relay = CompositionRoot.startOutboxRelay(db.database(), mail(patientWithTheMessage))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> relay.sent() == 1);
                // Long enough for a relay that took the slow answer for a failure to have sent the e-mail again.
                await().during(SLOW_REPLY.plusSeconds(2)).atMost(SLOW_REPLY.plusSeconds(5))
                        .until(() -> slowServer.getReceivedMessages().length == 1);
            }
            assertThat(slowServer.getReceivedMessages()).hasSize(1);
        } finally {
            slowServer.stop();
        }
        assertThat(db.query("SELECT status || ' ' || failed_attempts FROM outbox_emails WHERE message_id = ?",
                email.id().value())).containsExactly("sent 0");
    }

    @Test
    void aMailServerThatGoesAwayAndComesBackIsOneWarningAndOneInfo() throws Exception {
        int port = portNobodyListensOn();
        IntStream.rangeClosed(1, 5).forEach(i -> enqueue("away-" + i));
        GreenMail comesBack = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        try (ScheduledOutboxRelay relay = CompositionRoot.startOutboxRelay(db.database(), mail(smtp(port)))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> db.count(
                    "SELECT count(*) FROM outbox_emails WHERE failed_attempts >= 2") == 5);
            assertThat(relay.receiverAvailable()).isFalse();

            comesBack.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.sent() == 5);
            assertThat(relay.receiverAvailable()).isTrue();
        } finally {
            comesBack.stop();
        }

        List<ILoggingEvent> aboutTheServer = log.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
                .filter(event -> !event.getFormattedMessage().startsWith("Relaying the e-mail outbox to"))
                .filter(event -> !event.getFormattedMessage().startsWith("Outbox relay (emails): "))
                .toList();
        assertThat(aboutTheServer).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
        assertThat(aboutTheServer.get(0).getFormattedMessage())
                .startsWith("The mail server does not take messages: no delivery to the mail server 127.0.0.1:" + port);
        assertThat(aboutTheServer.get(1).getFormattedMessage()).startsWith("The mail server takes messages again after");
        assertThat(log.list).filteredOn(event -> event.getFormattedMessage().startsWith("Outbox relay (emails): 0 sent"))
                .as("a pass that only put an e-mail back is not logged at INFO").isEmpty();
    }

    private OutgoingEmail enqueue(String eventId) {
        EventId event = new EventId(eventId);
        OutgoingEmail email = new OutgoingEmail(MessageId.forEvent(event, "welcome", "example.com"), event,
                new EmailAddress(MailOptions.DEFAULT_SENDER), new EmailAddress(eventId + "@example.org"), "Welcome aboard",
                "Hello");
        db.database().unitOfWork().inTransaction(transaction -> {
            outbox.enqueue(transaction, List.of(email));
            return null;
        });
        return email;
    }

    /** The state of every other session that holds any lock on this schema's outbox table. */
    private static List<String> sessionsHoldingTheOutboxTable() {
        return db.query("""
                SELECT activity.state FROM pg_locks lock JOIN pg_stat_activity activity ON activity.pid = lock.pid
                WHERE lock.relation = 'outbox_emails'::regclass AND lock.pid <> pg_backend_pid()""");
    }

    private static SmtpSettings smtp(int port) {
        return SmtpSettings.unauthenticated("127.0.0.1", port, SmtpSecurity.NONE);
    }

    private static MailSettings mail(SmtpSettings smtp) {
        return new MailSettings(new EmailAddress(MailOptions.DEFAULT_SENDER), smtp, Duration.ofMillis(100), QUICK_RETRIES);
    }

    private static Logger logger(Class<?> of) {
        return (Logger) LoggerFactory.getLogger(of);
    }

    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
