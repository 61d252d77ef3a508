package dev.eventidempotency.adapter.smtp;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to deliver e-mail. {@code username} empty means the server takes mail without
 * authentication. {@link #toString()} never shows the password.
 */
public record SmtpSettings(String host, int port, SmtpSecurity security, Optional<String> username, String password,
        Duration connectTimeout, Duration readTimeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the SMTP host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the SMTP port must be from 1 to 65535, was " + port);
        }
        password = password == null ? "" : password;
    }

    /** A server that takes mail without authentication, with the default timeouts. */
    public static SmtpSettings unauthenticated(String host, int port, SmtpSecurity security) {
        return new SmtpSettings(host, port, security, Optional.empty(), "", DEFAULT_TIMEOUT, DEFAULT_TIMEOUT);
    }

    public SmtpSettings withCredentials(String user, String secret) {
        return new SmtpSettings(host, port, security, Optional.of(user), secret, connectTimeout, readTimeout);
    }

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", security=" + security + ", username="
                + username.orElse("(none)") + ", password=" + (password.isEmpty() ? "(none)" : "****")
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }
}
