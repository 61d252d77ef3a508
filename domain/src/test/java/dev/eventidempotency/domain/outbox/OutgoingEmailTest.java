package dev.eventidempotency.domain.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.domain.idempotency.EventId;
import org.junit.jupiter.api.Test;

class OutgoingEmailTest {

    private static final EventId EVENT = new EventId("evt-1");
    private static final MessageId ID = MessageId.forEvent(EVENT, "welcome", "example.com");

    @Test
    void keepsEveryPart() {
        OutgoingEmail email = new OutgoingEmail(ID, EVENT, "from@example.com", "ada@example.com", "Welcome", "Hello\r\nAda");

        assertThat(email.to()).isEqualTo("ada@example.com");
        assertThat(email.body()).isEqualTo("Hello\r\nAda");
    }

    @Test
    void refusesALineBreakInAHeaderValueSoNoContentCanAddHeaders() {
        assertThatThrownBy(() -> new OutgoingEmail(ID, EVENT, "from@example.com", "ada@example.com", "Hi\r\nBcc: all@example.com", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("e-mail subject must not contain a line break or NUL");
        assertThatThrownBy(() -> new OutgoingEmail(ID, EVENT, "from@example.com", "ada@example.com\nBcc: x@y.z", "Hi", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("e-mail to must not contain a line break or NUL");
    }

    @Test
    void refusesABlankOrOverlongAddress() {
        assertThatThrownBy(() -> new OutgoingEmail(ID, EVENT, " ", "ada@example.com", "Hi", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("e-mail from must not be blank");
        assertThatThrownBy(() -> new OutgoingEmail(ID, EVENT, "from@example.com", "a".repeat(250) + "@x.io", "Hi", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("e-mail to must be at most 254 characters, was 255");
    }
}
