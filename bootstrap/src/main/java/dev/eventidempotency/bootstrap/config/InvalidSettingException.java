package dev.eventidempotency.bootstrap.config;

import java.util.function.Function;

/** A setting is missing or malformed; the message names the variable, the flag and the expected form. */
public final class InvalidSettingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }

    /** {@code FOO_BAR (or --foo-bar) is invalid: <problem>}. */
    public static InvalidSettingException invalid(String option, String problem) {
        return new InvalidSettingException(
                EnvironmentDefaults.variableFor(option) + " (or " + option + ") is invalid: " + problem);
    }

    /** The value, or {@code FOO_BAR (or --foo-bar) is required: <expected>} when it is missing. */
    public static String require(String value, String option, String expected) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(EnvironmentDefaults.variableFor(option) + " (or " + option
                    + ") is required: " + expected);
        }
        return value;
    }

    /** The parsed value; the parser's {@link IllegalArgumentException} becomes the option's own message. */
    public static <T> T parse(String option, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException wrong) {
            throw invalid(option, wrong.getMessage());
        }
    }
}
