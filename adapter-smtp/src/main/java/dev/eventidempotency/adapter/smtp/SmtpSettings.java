package dev.eventidempotency.adapter.smtp;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to deliver e-mail. {@code username} empty means the server takes mail without
 * authentication. {@link #toString()} never shows the password.
 *
 * <p>{@code readTimeout} bounds each wait for a reply and each write; {@code dataTimeout} bounds
 * only the wait for the reply to the end of a message, which RFC 5321 (section 4.5.3.2.6) asks a
 * client to allow 10 minutes: a server may scan the message before it answers, and a client that
 * gives up early sends the same e-mail again although the server delivered it.
 */
public record SmtpSettings(String host, int port, SmtpSecurity security, Optional<String> username, String password,
        Duration connectTimeout, Duration readTimeout, Duration dataTimeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DATA_TIMEOUT = Duration.ofMinutes(10);

    /** Replies and writes of one delivery, each bounded by the read timeout: greeting to RCPT, with room for more. */
    private static final int EXCHANGES_PER_DELIVERY = 20;

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(username, "username");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(dataTimeout, "dataTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the SMTP host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the SMTP port must be from 1 to 65535, was " + port);
        }
        if (dataTimeout.compareTo(readTimeout) < 0) {
            throw new IllegalArgumentException("the SMTP data timeout must be at least the read timeout " + readTimeout
                    + ", was " + dataTimeout);
        }
        password = password == null ? "" : password;
    }

    /** A server that takes mail without authentication, with the default timeouts. */
    public static SmtpSettings unauthenticated(String host, int port, SmtpSecurity security) {
        return new SmtpSettings(host, port, security, Optional.empty(), "", DEFAULT_TIMEOUT, DEFAULT_TIMEOUT,
                DEFAULT_DATA_TIMEOUT);
    }

    public SmtpSettings withCredentials(String user, String secret) {
        return new SmtpSettings(host, port, security, Optional.of(user), secret, connectTimeout, readTimeout, dataTimeout);
    }

    public SmtpSettings withTimeouts(Duration connect, Duration read, Duration data) {
        return new SmtpSettings(host, port, security, username, password, connect, read, data);
    }

    /**
     * The longest one delivery can take before a timeout ends it: the connection, a generous number
     * of replies and writes at the read timeout, and the reply to the message at the data timeout.
     * The outbox leases an e-mail to its relay for this long.
     */
    public Duration longestDelivery() {
        return connectTimeout.plus(readTimeout.multipliedBy(EXCHANGES_PER_DELIVERY)).plus(dataTimeout);
    }

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", security=" + security + ", username="
                + username.orElse("(none)") + ", password=" + (password.isEmpty() ? "(none)" : "****")
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", dataTimeout=" + dataTimeout
                + "]";
    }

    private static void requirePositive(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the SMTP " + name + " must be positive, was " + timeout);
        }
    }
}
