package dev.eventidempotency.adapter.smtp;

import dev.eventidempotency.application.outbox.port.out.EmailSender;
import dev.eventidempotency.application.outbox.port.out.NotSentException;
import dev.eventidempotency.application.outbox.port.out.TraceContext;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;

/**
 * Delivers an e-mail over SMTP and returns once the server has taken responsibility for it. The
 * message carries the Message-ID the outbox gave it, not one the mail library invents, so a message
 * sent twice is recognisably the same message.
 *
 * <p>One connection serves e-mail after e-mail (a new one per e-mail costs several round trips and,
 * with TLS, a handshake); it is checked with a NOOP before each reuse and dropped after any failure,
 * an unexpected one included, since it may have left the SMTP dialogue half-way. Each reply is awaited
 * up to the read timeout, except the reply to the end of the message: up to the data timeout
 * ({@link DataTimeoutTransport}). Sends are serialised: the relay sends from one thread.
 */
public final class SmtpEmailSender implements EmailSender, AutoCloseable {

    private final SmtpSettings settings;
    private final Session session;
    private final SmtpFailures failures;
    private final SendSpans spans;
    private Transport connection;

    /** Untraced. */
    public SmtpEmailSender(SmtpSettings settings) {
        this(settings, OpenTelemetry.noop());
    }

    /** Each send a span of {@code openTelemetry}'s, in the trace stored with the e-mail. */
    public SmtpEmailSender(SmtpSettings settings, OpenTelemetry openTelemetry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.session = Session.getInstance(sessionProperties(settings));
        this.failures = new SmtpFailures(settings);
        this.spans = new SendSpans(openTelemetry, settings);
    }

    @Override
    public synchronized void send(OutgoingEmail email, TraceContext trace) {
        Span span = spans.start(email, trace);
        try {
            MimeMessage message = compose(email);
            connected().sendMessage(message, message.getAllRecipients());
        } catch (MessagingException failure) {
            close();
            NotSentException notSent = failures.classify(failure);
            SendSpans.failed(span, notSent);
            throw notSent;
        } catch (RuntimeException unexpected) {
            close();
            SendSpans.failed(span, unexpected);
            throw unexpected;
        } finally {
            span.end();
        }
    }

    /** Closes the connection kept for the next e-mail; a later send opens a new one. */
    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (MessagingException alreadyBroken) {
                // Nothing is in flight; the server drops a connection that is not closed cleanly.
            }
            connection = null;
        }
    }

    private MimeMessage compose(OutgoingEmail email) throws MessagingException {
        MimeMessage message = new MessageWithFixedId(session, email.id().value());
        message.setFrom(new InternetAddress(email.from().value(), true));
        message.setRecipient(RecipientType.TO, new InternetAddress(email.to().value(), true));
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        message.setText(email.body(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.saveChanges();
        return message;
    }

    // SMTPTransport.isConnected() sends a NOOP, so a connection the server has timed out is noticed here.
    private Transport connected() throws MessagingException {
        if (connection != null && connection.isConnected()) {
            return connection;
        }
        close();
        Transport fresh = newConnection();
        if (settings.username().isPresent()) {
            fresh.connect(settings.username().get(), settings.password());
        } else {
            fresh.connect();
        }
        connection = fresh;
        return fresh;
    }

    // A session per connection: its socket factory then holds exactly this connection's socket.
    private Transport newConnection() {
        RememberingSocketFactory sockets = new RememberingSocketFactory();
        Properties properties = sessionProperties(settings);
        properties.put("mail.smtp.socketFactory", sockets);
        return new DataTimeoutTransport(Session.getInstance(properties), sockets, settings.dataTimeout());
    }

    private static Properties sessionProperties(SmtpSettings settings) {
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", "smtp");
        properties.put("mail.smtp.host", settings.host());
        properties.put("mail.smtp.port", String.valueOf(settings.port()));
        properties.put("mail.smtp.connectiontimeout", String.valueOf(settings.connectTimeout().toMillis()));
        properties.put("mail.smtp.timeout", String.valueOf(settings.readTimeout().toMillis()));
        properties.put("mail.smtp.writetimeout", String.valueOf(settings.readTimeout().toMillis()));
        properties.put("mail.smtp.auth", String.valueOf(settings.username().isPresent()));
        switch (settings.security()) {
            case NONE -> { }
            case STARTTLS -> {
                properties.put("mail.smtp.starttls.enable", "true");
                // Without this, a server (or a man in the middle) that does not offer STARTTLS gets the mail in clear.
                properties.put("mail.smtp.starttls.required", "true");
                properties.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                properties.put("mail.smtp.ssl.enable", "true");
                properties.put("mail.smtp.ssl.checkserveridentity", "true");
            }
        }
        return properties;
    }

    /** Jakarta Mail sets a random Message-ID when a message is saved; this one keeps the outbox's. */
    private static final class MessageWithFixedId extends MimeMessage {

        private final String messageId;

        MessageWithFixedId(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
