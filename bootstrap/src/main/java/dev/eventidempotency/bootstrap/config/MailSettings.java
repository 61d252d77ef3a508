package dev.eventidempotency.bootstrap.config;

import dev.eventidempotency.adapter.smtp.SmtpSettings;
import dev.eventidempotency.application.outbox.RetrySchedule;
import dev.eventidempotency.domain.shared.EmailAddress;
import java.time.Duration;

/**
 * The outbox relays' settings, validated; {@link #toString()} masks the SMTP password. {@code batchSize}: the
 * most events the event relay claims and publishes at once.
 */
public record MailSettings(EmailAddress sender, SmtpSettings smtp, Duration relayInterval, RetrySchedule retries,
        int batchSize) {

    /** With the default batch size. */
    public MailSettings(EmailAddress sender, SmtpSettings smtp, Duration relayInterval, RetrySchedule retries) {
        this(sender, smtp, relayInterval, retries, MailOptions.DEFAULT_BATCH_SIZE);
    }

    public MailSettings withSmtp(SmtpSettings otherServer) {
        return new MailSettings(sender, otherServer, relayInterval, retries, batchSize);
    }
}
