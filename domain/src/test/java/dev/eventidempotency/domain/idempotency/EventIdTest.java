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
    void countsTheLengthInCharactersAsPostgresqlDoesNotInJavaChars() {
        String emoji = "\uD83D\uDE00";
        String longest = emoji.repeat(255);

        assertThat(longest).hasSize(510);
        assertThat(new EventId(longest).value()).isEqualTo(longest);
        assertThatThrownBy(() -> new EventId(emoji.repeat(256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event id must be at most 255 characters, was 256");
    }

    @Test
    void keepsCombiningMarksAndTheNormalizationFormVerbatim() {
        String composed = "caf\u00E9";
        String decomposed = "cafe\u0301";

        assertThat(new EventId(composed).value()).isEqualTo(composed);
        assertThat(new EventId(decomposed).value()).isEqualTo(decomposed);
        assertThat(new EventId(composed)).isNotEqualTo(new EventId(decomposed));
    }

    @Test
    void rejectsALoneSurrogateThatPostgresqlWouldStoreAsAQuestionMark() {
        assertLoneSurrogate("evt-\uD800", "\\uD800 at index 4");
        assertLoneSurrogate("evt-\uDC00-1", "\\uDC00 at index 4");
        assertLoneSurrogate("\uD83Dx", "\\uD83D at index 0");
        assertLoneSurrogate("\uD83D\uD83D\uDE00", "\\uD83D at index 0");
        assertLoneSurrogate("\uD83D\uDE00\uDE00", "\\uDE00 at index 2");
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

    private static void assertLoneSurrogate(String id, String where) {
        assertThatThrownBy(() -> new EventId(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event id must not contain a lone surrogate (" + where
                        + "): it is no Unicode character, and PostgreSQL would store '?' in its place");
    }
}
