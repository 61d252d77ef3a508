package dev.eventidempotency.adapter.postgres;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach PostgreSQL: a JDBC URL, credentials, the schema that holds the service's tables, and
 * the pool size. One consumer thread needs one connection; the rest serve tools and health checks.
 */
public record PostgresSettings(String jdbcUrl, String user, String password, String schema, int poolSize) {

    public static final String DEFAULT_SCHEMA = "public";
    public static final int DEFAULT_POOL_SIZE = 4;
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)((?:^|[?&;])password=)[^&;]*");
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(schema, "schema");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            // The URL is not echoed: it may carry a password parameter.
            throw new IllegalArgumentException(
                    "database URL must be a PostgreSQL JDBC URL of the form jdbc:postgresql://host:port/database");
        }
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException(
                    "database schema must be a lower-case SQL identifier (letters, digits, '_'), was '" + schema + "'");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("database pool size must be at least 1, was " + poolSize);
        }
    }

    public PostgresSettings withSchema(String otherSchema) {
        return new PostgresSettings(jdbcUrl, user, password, otherSchema, poolSize);
    }

    /** The URL as it may be shown: a password given as a URL parameter is masked. */
    public String jdbcUrlWithoutPassword() {
        return PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1****");
    }

    /** Never prints the password, nor one given as a URL parameter: settings end up in logs. */
    @Override
    public String toString() {
        return "PostgresSettings[jdbcUrl=" + jdbcUrlWithoutPassword() + ", user=" + user
                + ", password="
                + (password.isEmpty() ? "<empty>" : "****") + ", schema=" + schema + ", poolSize=" + poolSize + "]";
    }
}
