package dev.eventidempotency.adapter.postgres;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach PostgreSQL: a JDBC URL, credentials, the schema that holds the service's tables, the
 * pool size, and how long to wait at most ({@link DatabaseTimeouts}). One consumer thread needs one
 * connection; the rest serve tools and health checks.
 *
 * <p>Two roles may be given (docs/security.md): the migrations run as the migration user, who owns the
 * tables; the service runs as {@code user}, granted only what its statements need. By default both are
 * the same user.
 */
public record PostgresSettings(String jdbcUrl, String user, String password, String schema, int poolSize,
        String migrationUser, String migrationPassword, DatabaseTimeouts timeouts) {

    public static final String DEFAULT_SCHEMA = "public";
    public static final int DEFAULT_POOL_SIZE = 4;
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)((?:^|[?&;])(?:ssl)?password=)[^&;]*");
    private static final Pattern ROLE_NAME = Pattern.compile("[^\"\\x00]{1,63}");
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(migrationUser, "migrationUser");
        Objects.requireNonNull(migrationPassword, "migrationPassword");
        Objects.requireNonNull(timeouts, "timeouts");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            // The URL is not echoed: it may carry a password parameter.
            throw new IllegalArgumentException(
                    "database URL must be a PostgreSQL JDBC URL of the form jdbc:postgresql://host:port/database");
        }
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException(
                    "database schema must be a lower-case SQL identifier (letters, digits, '_'), was '" + schema + "'");
        }
        requireRoleName(user);
        requireRoleName(migrationUser);
        if (poolSize < 1) {
            throw new IllegalArgumentException("database pool size must be at least 1, was " + poolSize);
        }
    }

    /** The name, if PostgreSQL accepts it as a role and a migration can quote it; else the reason it cannot. */
    public static String requireRoleName(String name) {
        // The runtime user is granted its rights by name in a migration, between double quotes.
        if (!ROLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("expected a user name of 1 to 63 characters without '\"', was '" + name + "'");
        }
        return name;
    }

    /** Migrations run as the runtime user, who then owns the tables; every wait has its default bound. */
    public PostgresSettings(String jdbcUrl, String user, String password, String schema, int poolSize) {
        this(jdbcUrl, user, password, schema, poolSize, user, password, DatabaseTimeouts.DEFAULTS);
    }

    public PostgresSettings withSchema(String otherSchema) {
        return new PostgresSettings(jdbcUrl, user, password, otherSchema, poolSize, migrationUser, migrationPassword,
                timeouts);
    }

    /** The migrations run as this user, who owns the tables; the service as {@link #user()}. */
    public PostgresSettings withMigrationUser(String otherMigrationUser, String otherMigrationPassword) {
        return new PostgresSettings(jdbcUrl, user, password, schema, poolSize, otherMigrationUser, otherMigrationPassword,
                timeouts);
    }

    public PostgresSettings withTimeouts(DatabaseTimeouts otherTimeouts) {
        return new PostgresSettings(jdbcUrl, user, password, schema, poolSize, migrationUser, migrationPassword,
                otherTimeouts);
    }

    /** One connection per thread that runs units of work at once, plus the rest for tools and health checks. */
    public PostgresSettings withPoolSize(int otherPoolSize) {
        return new PostgresSettings(jdbcUrl, user, password, schema, otherPoolSize, migrationUser, migrationPassword,
                timeouts);
    }

    /** The same server reached at another URL (a proxy, extra parameters), everything else kept. */
    public PostgresSettings withJdbcUrl(String otherJdbcUrl) {
        return new PostgresSettings(otherJdbcUrl, user, password, schema, poolSize, migrationUser, migrationPassword,
                timeouts);
    }

    /** True when the migrations run as another role than the service. */
    public boolean migratesAsAnotherUser() {
        return !migrationUser.equals(user) || !migrationPassword.equals(password);
    }

    /** The URL with any password parameter masked, for messages and logs. */
    public String redactedUrl() {
        return PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1****");
    }

    /** Never prints the password, nor one given as a URL parameter: settings end up in logs. */
    @Override
    public String toString() {
        return "PostgresSettings[jdbcUrl=" + redactedUrl() + ", user=" + user + ", password=" + masked(password)
                + ", schema=" + schema + ", poolSize=" + poolSize + ", migrationUser=" + migrationUser
                + ", migrationPassword=" + masked(migrationPassword) + ", timeouts=" + timeouts + "]";
    }

    private static String masked(String secret) {
        return secret.isEmpty() ? "<empty>" : "****";
    }
}
