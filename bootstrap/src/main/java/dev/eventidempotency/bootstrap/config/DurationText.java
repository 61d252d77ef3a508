package dev.eventidempotency.bootstrap.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}, {@code 500ms}, or ISO-8601 {@code PT1H}. */
public final class DurationText {

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d{1,9})(ms|[dhms])");
    private static final String EXPECTED = "expected a positive duration such as 30d, 12h, 90m, 45s, 500ms or PT1H";

    private DurationText() {
    }

    /** Throws {@link IllegalArgumentException} naming the expected forms; zero and negative durations are refused. */
    public static Duration parse(String text) {
        Duration duration = parseAnySign(text == null ? "" : text.trim());
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(EXPECTED + ", was '" + text + "'");
        }
        return duration;
    }

    private static Duration parseAnySign(String text) {
        Matcher shortForm = SHORT_FORM.matcher(text);
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "ms" -> Duration.ofMillis(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException notIso) {
                throw new IllegalArgumentException(EXPECTED + ", was '" + text + "'", notIso);
            }
        }
        throw new IllegalArgumentException(EXPECTED + ", was '" + text + "'");
    }
}
