package dev.eventidempotency.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({"30d, PT720H", "12h, PT12H", "90m, PT1H30M", "45s, PT45S", "500ms, PT0.5S", "PT1H, PT1H", "P2D, PT48H", "pt15m, PT15M"})
    void readsTheShortFormsAndIso8601(String text, String expected) {
        assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "30 days", "1w", "-5d", "0d", "PT0S", "P", "d30", "1.5h"})
    void refusesAnythingElseNamingTheExpectedForms(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a positive duration such as 30d, 12h, 90m, 45s, 500ms or PT1H, was '" + text + "'");
    }
}
