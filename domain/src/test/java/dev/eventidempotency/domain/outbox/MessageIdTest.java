package dev.eventidempotency.domain.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.domain.idempotency.EventId;
import org.junit.jupiter.api.Test;

class MessageIdTest {

    @Test
    void theSameEventAndPurposeAlwaysGiveTheSameId() {
        MessageId first = MessageId.forEvent(new EventId("evt-42"), "welcome", "example.com");
        MessageId again = MessageId.forEvent(new EventId("evt-42"), "welcome", "example.com");

        assertThat(again).isEqualTo(first);
        assertThat(first.value()).matches("<welcome\\.[0-9a-f]{32}@example\\.com>");
    }

    @Test
    void anotherEventOrPurposeGivesAnotherId() {
        MessageId welcome = MessageId.forEvent(new EventId("evt-42"), "welcome", "example.com");

        assertThat(MessageId.forEvent(new EventId("evt-43"), "welcome", "example.com")).isNotEqualTo(welcome);
        assertThat(MessageId.forEvent(new EventId("evt-42"), "reminder", "example.com")).isNotEqualTo(welcome);
    }

    @Test
    void anEventIdWithCharactersAMessageIdForbidsStillGivesAValidId() {
        MessageId id = MessageId.forEvent(new EventId("evt <1>@\r\n\"x\""), "welcome", "example.com");

        assertThat(id.value()).matches("<welcome\\.[0-9a-f]{32}@example\\.com>");
    }

    @Test
    void refusesAPurposeOrDomainThatWouldBreakTheHeader() {
        assertThatThrownBy(() -> MessageId.forEvent(new EventId("evt-1"), "Welcome Mail", "example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message purpose");
        assertThatThrownBy(() -> MessageId.forEvent(new EventId("evt-1"), "welcome", "example.com>\r\nBcc: x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message id must be of the form");
    }
}
