package dev.eventidempotency.bootstrap.config;

import static dev.eventidempotency.bootstrap.config.InvalidSettingException.invalid;
import static dev.eventidempotency.bootstrap.config.InvalidSettingException.parse;

import dev.eventidempotency.adapter.smtp.SmtpSecurity;
import dev.eventidempotency.adapter.smtp.SmtpSettings;
import dev.eventidempotency.application.outbox.RetrySchedule;
import dev.eventidempotency.domain.shared.EmailAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the outbox's e-mails go and how the relay retries them. Each flag {@code --foo-bar} also reads {@code FOO_BAR}. */
public final class MailOptions {

    public static final String DEFAULT_SENDER = "welcome@example.com";
    public static final int DEFAULT_BATCH_SIZE = 100;

    @Option(names = "--smtp-host", paramLabel = "HOST", defaultValue = "localhost",
            description = "Mail server the outbox relay delivers to. Env: SMTP_HOST. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--smtp-port", paramLabel = "PORT", defaultValue = "587",
            description = "Its port: 587 for submission with STARTTLS, 465 for TLS, 25 for a relay. "
                    + "Env: SMTP_PORT. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--smtp-security", paramLabel = "starttls|tls|none", defaultValue = "starttls",
            description = "starttls: upgrade the connection and refuse a server that cannot; tls: TLS from the first "
                    + "byte; none: plain text, only for a relay on a trusted network. Env: SMTP_SECURITY. "
                    + "Default: ${DEFAULT-VALUE}.")
    String security;

    @Option(names = "--smtp-user", paramLabel = "USER",
            description = "User to authenticate as; none: the server takes mail without authentication. Env: SMTP_USER.")
    String user;

    @Option(names = "--smtp-password", paramLabel = "PASSWORD", defaultValue = "",
            description = "Password of --smtp-user. Env: SMTP_PASSWORD. Default: empty.")
    String password;

    @Option(names = "--smtp-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "Longest wait to connect to the mail server, for each of its replies and for each write, "
                    + "except its reply to the end of a message. Env: SMTP_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--smtp-data-timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "Longest wait for the mail server's reply to the end of a message, which a server may give "
                    + "only after scanning it (RFC 5321: 10 minutes); giving up earlier sends the e-mail twice. At least "
                    + "--smtp-timeout. Env: SMTP_DATA_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    String dataTimeout;

    @Option(names = "--mail-from", paramLabel = "ADDRESS", defaultValue = DEFAULT_SENDER,
            description = "Sender of the welcome e-mails; its domain also names their Message-IDs. "
                    + "Env: MAIL_FROM. Default: ${DEFAULT-VALUE}.")
    String from;

    @Option(names = "--outbox-relay-interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "How long the relay rests when no e-mail is due: 1s, 500ms, 1m or ISO-8601. "
                    + "Env: OUTBOX_RELAY_INTERVAL. Default: ${DEFAULT-VALUE}.")
    String relayInterval;

    @Option(names = "--outbox-max-attempts", paramLabel = "N", defaultValue = "20",
            description = "Failed deliveries after which an e-mail is parked for an operator (waits double from 2 s to "
                    + "1 h in between). Env: OUTBOX_MAX_ATTEMPTS. Default: ${DEFAULT-VALUE}.")
    int maxAttempts;

    @Option(names = "--outbox-batch-size", paramLabel = "N", defaultValue = "" + DEFAULT_BATCH_SIZE,
            description = "Most events the event relay claims and publishes at once (e-mails go one at a time). "
                    + "Env: OUTBOX_BATCH_SIZE. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    public MailSettings settings() {
        if (port < 1 || port > 65_535) {
            throw invalid("--smtp-port", "expected a port from 1 to 65535, was " + port);
        }
        if (maxAttempts < 1) {
            throw invalid("--outbox-max-attempts", "expected a number of at least 1, was " + maxAttempts);
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw invalid("--outbox-batch-size", "expected a number from 1 to 10000, was " + batchSize);
        }
        SmtpSecurity smtpSecurity = parse("--smtp-security", security, MailOptions::securityOf);
        EmailAddress sender = parse("--mail-from", from, EmailAddress::new);
        Duration interval = parse("--outbox-relay-interval", relayInterval, DurationText::parse);
        Duration smtpTimeout = parse("--smtp-timeout", timeout, DurationText::parse);
        Duration smtpDataTimeout = parse("--smtp-data-timeout", dataTimeout, DurationText::parse);
        if (smtpDataTimeout.compareTo(smtpTimeout) < 0) {
            throw invalid("--smtp-data-timeout", "expected at least --smtp-timeout (" + timeout + "), was " + dataTimeout);
        }
        SmtpSettings smtp = new SmtpSettings(host, port, smtpSecurity,
                Optional.ofNullable(user).filter(name -> !name.isBlank()), password,
                smtpTimeout, smtpTimeout, smtpDataTimeout);
        RetrySchedule retries = new RetrySchedule(RetrySchedule.DEFAULT.firstWait(), RetrySchedule.DEFAULT.longestWait(),
                maxAttempts);
        return new MailSettings(sender, smtp, interval, retries, batchSize);
    }

    private static SmtpSecurity securityOf(String value) {
        return Arrays.stream(SmtpSecurity.values())
                .filter(mode -> mode.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected starttls, tls or none, was '" + value + "'"));
    }
}
