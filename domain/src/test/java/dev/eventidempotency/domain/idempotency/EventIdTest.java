package dev.eventidempotency.domain.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventIdTest {

    @Test
    void keepsTheValueVerbatimIncludingSqlMetacharacters() {
        String hostile = "evt-1'; DROP TABLE processed_events; --";

        assertThat(new EventId(hostile).value()).isEqualTo(hostile);
        assertThat(new EventId(" padded ").value()).isEqualTo(" padded ");
    }

    @Test
    void acceptsExactlyTheMaximumLength() {
        assertThat(new EventId("x".repeat(255)).value()).hasSize(255);
    }

    @Test
    void rejectsALongerIdNamingTheLimitAndTheLength() {
        assertThatThrownBy(() -> new EventId("x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event id must be at most 255 characters, was 256");
    }

    @Test
    void rejectsTheNulCharacterThatPostgresqlCannotStore() {
        assertThatThrownBy(() -> new EventId("evt\u00001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event id must not contain the NUL character (PostgreSQL cannot store it)");
    }

    @Test
    void rejectsBlankAndNull() {
        assertThatThrownBy(() -> new EventId(" \t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event id must not be blank");
        assertThatThrownBy(() -> new EventId(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("event id must not be null");
    }
}
