package dev.eventidempotency.domain.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.shared.EmailAddress;
import org.junit.jupiter.api.Test;

class OutgoingEmailTest {

    private static final EventId EVENT = new EventId("evt-1");
    private static final MessageId ID = MessageId.forEvent(EVENT, "welcome", "example.com");
    private static final EmailAddress FROM = new EmailAddress("from@example.com");
    private static final EmailAddress ADA = new EmailAddress("ada@example.com");

    @Test
    void keepsEveryPart() {
        OutgoingEmail email = new OutgoingEmail(ID, EVENT, FROM, ADA, "Welcome", "Hello\r\nAda");

        assertThat(email.to()).isEqualTo(ADA);
        assertThat(email.body()).isEqualTo("Hello\r\nAda");
    }

    @Test
    void refusesALineBreakInAHeaderValueSoNoContentCanAddHeaders() {
        assertThatThrownBy(() -> new OutgoingEmail(ID, EVENT, FROM, ADA, "Hi\r\nBcc: all@example.com", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("e-mail subject must not contain a line break or NUL");
        assertThatThrownBy(() -> new EmailAddress("ada@example.com\nBcc: x@y.z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("e-mail address is not of the form name@domain.tld");
    }

    @Test
    void refusesABlankSubjectOrAnOverlongAddress() {
        assertThatThrownBy(() -> new OutgoingEmail(ID, EVENT, FROM, ADA, " ", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("e-mail subject must be 1 to 998 characters and not blank, was 1");
        assertThatThrownBy(() -> new EmailAddress("a".repeat(250) + "@x.io"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("e-mail address must be at most 254 characters, was 255");
    }
}
