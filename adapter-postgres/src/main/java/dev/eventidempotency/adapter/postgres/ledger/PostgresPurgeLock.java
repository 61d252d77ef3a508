package dev.eventidempotency.adapter.postgres.ledger;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.application.ledger.port.out.PurgeLock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * A session-level advisory lock, held on a connection of its own for the whole purge (see
 * docs/adr/0009-ledger-retention-and-operations.md):
 * <ul>
 *   <li>for the whole purge, not per batch, so that a second purger skips instead of interleaving
 *       its batches with the first one's;</li>
 *   <li>on a connection outside the pool, so that closing it is the release: a pooled connection
 *       would carry a forgotten lock into later units of work, and a crashed process releases the
 *       lock with its session;</li>
 *   <li>keyed by the ledger table's oid, so that services with their own schemas in one database
 *       purge independently.</li>
 * </ul>
 */
public final class PostgresPurgeLock implements PurgeLock {

    private static final String TRY_LOCK =
            "SELECT pg_try_advisory_lock(hashtext('event-idempotency ledger purge'), 'processed_events'::regclass::oid::int)";

    private final PostgresSettings settings;

    public PostgresPurgeLock(PostgresSettings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<Held> tryAcquire() {
        Connection session = connect();
        try (Statement statement = session.createStatement(); ResultSet locked = statement.executeQuery(TRY_LOCK)) {
            locked.next();
            if (locked.getBoolean(1)) {
                return Optional.of(() -> close(session));
            }
        } catch (SQLException failure) {
            close(session);
            throw new IllegalStateException("could not ask PostgreSQL for the purge lock: " + failure.getMessage(), failure);
        }
        close(session);
        return Optional.empty();
    }

    private Connection connect() {
        try {
            Connection session = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
            session.setSchema(settings.schema());
            return session;
        } catch (SQLException unreachable) {
            throw new IllegalStateException("could not connect for the purge lock: " + unreachable.getMessage(), unreachable);
        }
    }

    // Ending the session releases its advisory locks, whatever state the connection is in.
    private static void close(Connection session) {
        try {
            session.close();
        } catch (SQLException ignored) {
            // The server releases the lock when it notices the session is gone.
        }
    }
}
