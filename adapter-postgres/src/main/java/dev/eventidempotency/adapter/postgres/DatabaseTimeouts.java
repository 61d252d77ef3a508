package dev.eventidempotency.adapter.postgres;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The longest the service waits on PostgreSQL, one bound per kind of wait. Without them a half-open
 * connection or a lock held by a stuck session hangs the consumer's poll thread forever (pgjdbc's
 * {@code socketTimeout} is 0 and the server bounds nothing by default):
 * <ul>
 *   <li>{@code connect}: opening a connection (pgjdbc {@code connectTimeout});</li>
 *   <li>{@code socket}: waiting for any reply on an open connection (pgjdbc {@code socketTimeout}), the
 *       bound on a half-open connection; TCP keepalive is always on as well;</li>
 *   <li>{@code statement}: one statement ({@code statement_timeout}, SQLSTATE 57014);</li>
 *   <li>{@code lock}: waiting for a lock held by another session ({@code lock_timeout}, 55P03);</li>
 *   <li>{@code idleInTransaction}: a session of this service that holds a transaction open and sends
 *       nothing, as a stalled process does, is ended by the server so that its locks go
 *       ({@code idle_in_transaction_session_timeout});</li>
 *   <li>{@code poolWait}: waiting for a pooled connection (HikariCP {@code connectionTimeout}); short,
 *       because every partition's retry waits it on the single poll thread while the server is away.</li>
 * </ul>
 * The statement bound is shorter than the socket bound, so that the server cancels a slow statement
 * (the connection stays usable) before the driver gives the whole connection up.
 */
public record DatabaseTimeouts(Duration connect, Duration socket, Duration statement, Duration lock,
        Duration idleInTransaction, Duration poolWait) {

    /** HikariCP refuses a shorter pool wait. Declared first: {@link #DEFAULTS} is checked against it. */
    private static final Duration SHORTEST_POOL_WAIT = Duration.ofMillis(250);

    public static final DatabaseTimeouts DEFAULTS = new DatabaseTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(3));

    public DatabaseTimeouts {
        requireWholeSeconds("connect", connect);
        requireWholeSeconds("socket", socket);
        requirePositiveMillis("statement", statement);
        requirePositiveMillis("lock", lock);
        requirePositiveMillis("idle-in-transaction", idleInTransaction);
        Objects.requireNonNull(poolWait, "poolWait");
        if (poolWait.compareTo(SHORTEST_POOL_WAIT) < 0) {
            throw new IllegalArgumentException("the pool timeout must be at least 250 ms, was " + poolWait);
        }
        if (statement.compareTo(socket) >= 0) {
            throw new IllegalArgumentException("the statement timeout (" + statement + ") must be shorter than the socket "
                    + "timeout (" + socket + "): the server cancels a slow statement, the driver drops the connection");
        }
    }

    /** The driver's own properties; pgjdbc takes only strings, and counts these timeouts in whole seconds. */
    public Map<String, String> driverProperties() {
        return Map.of(
                "connectTimeout", Long.toString(connect.toSeconds()),
                "socketTimeout", Long.toString(socket.toSeconds()),
                "tcpKeepAlive", "true");
    }

    /**
     * The server's bounds as {@code -c name=value} start-up options (pgjdbc's {@code options}), in
     * milliseconds. Start-up options, not {@code SET} statements: a {@code SET} runs inside the
     * connection's first transaction (auto-commit is off), and a first unit of work that rolls back
     * would roll it back too.
     */
    public String serverOptions() {
        return "-c statement_timeout=" + statement.toMillis()
                + " -c lock_timeout=" + lock.toMillis()
                + " -c idle_in_transaction_session_timeout=" + idleInTransaction.toMillis();
    }

    private static void requireWholeSeconds(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.toSeconds() < 1 || duration.toSeconds() > Integer.MAX_VALUE || duration.getNano() != 0) {
            throw new IllegalArgumentException("the " + name + " timeout must be a whole number of seconds, at least 1 "
                    + "(the PostgreSQL driver counts it in seconds), was " + duration);
        }
    }

    private static void requirePositiveMillis(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.toMillis() < 1 || duration.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the " + name + " timeout must be from 1 ms to 24 days, was " + duration);
        }
    }
}
