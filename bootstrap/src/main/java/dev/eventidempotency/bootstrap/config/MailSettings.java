package dev.eventidempotency.bootstrap.config;

import dev.eventidempotency.adapter.smtp.SmtpSettings;
import dev.eventidempotency.application.outbox.RetrySchedule;
import dev.eventidempotency.domain.shared.EmailAddress;
import java.time.Duration;

/** The outbox relay's settings, validated; {@link #toString()} masks the SMTP password. */
public record MailSettings(EmailAddress sender, SmtpSettings smtp, Duration relayInterval, RetrySchedule retries) {

    public MailSettings withSmtp(SmtpSettings otherServer) {
        return new MailSettings(sender, otherServer, relayInterval, retries);
    }
}
