package dev.eventidempotency.adapter.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SmtpSettingsTest {

    @Test
    void theTextFormNeverShowsThePassword() {
        SmtpSettings settings = SmtpSettings.unauthenticated("mail.example.com", 587, SmtpSecurity.STARTTLS)
                .withCredentials("relay", "s3cret-value");

        assertThat(settings.toString()).contains("mail.example.com", "587", "STARTTLS", "relay", "****")
                .doesNotContain("s3cret-value");
    }

    @Test
    void refusesAPortOutOfRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SmtpSettings.unauthenticated("mail.example.com", 0, SmtpSecurity.NONE))
                .withMessageContaining("1 to 65535");
    }
}
