package dev.eventidempotency.domain.shared;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Value type shared by the outbox and the business: an e-mail address, checked for shape only (one {@code @}, no white space, a dot in the
 * domain). Whether it exists is for the mail server to say.
 */
public record EmailAddress(String value) {

    /** RFC 5321's limit for a forward path. */
    public static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE = Pattern.compile("[^@\\s\\x00]+@[^@\\s\\x00]+\\.[^@\\s\\x00]+");

    public EmailAddress {
        Objects.requireNonNull(value, "e-mail address must not be null");
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "e-mail address must be at most " + MAX_LENGTH + " characters, was " + value.length());
        }
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("e-mail address is not of the form name@domain.tld: '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
