package dev.eventidempotency.domain.idempotency;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Value type: the consuming service, the second half of the ledger's unique key.
 *
 * <p>Each service processes each event once; two services each process it once. The service name
 * doubles as the Kafka consumer group id, so it is restricted to characters that are safe there.
 */
public record ServiceName(String value) {

    public static final int MAX_LENGTH = 100;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]+");

    public ServiceName {
        Objects.requireNonNull(value, "service name must not be null");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "service name must be 1 to " + MAX_LENGTH + " characters, was " + value.length());
        }
        if (!ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "service name may contain only letters, digits, '.', '_' and '-', was '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
