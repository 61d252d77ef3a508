package dev.eventidempotency.adapter.postgres.ledger;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.application.ledger.port.out.PurgeLock;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Session-level advisory locks, held on a connection of their own for the whole purge (see
 * docs/adr/0009-ledger-retention-and-operations.md):
 * <ul>
 *   <li>for the whole purge, not per batch, so that a second purger skips instead of interleaving
 *       its batches with the first one's;</li>
 *   <li>on a connection outside the pool, so that closing it is the release: a pooled connection
 *       would carry a forgotten lock into later units of work, and a crashed process releases the
 *       lock with its session;</li>
 *   <li>keyed by the ledger table's oid, so that services with their own schemas in one database
 *       purge independently;</li>
 *   <li>per service: a service's purge holds the ledger's lock shared and its own service's lock
 *       exclusively, so that services sharing a table purge their own rows side by side; a purge of
 *       every service holds the ledger's lock exclusively, as every purge did before purges were per
 *       service, and so excludes them all. Two service names whose hashes collide only take turns.</li>
 * </ul>
 */
public final class PostgresPurgeLock implements PurgeLock {

    private static final String LEDGER = "hashtext('event-idempotency ledger purge'), 'processed_events'::regclass::oid::int";
    private static final String EVERY_SERVICE = "SELECT pg_try_advisory_lock(" + LEDGER + ")";
    private static final String ONE_SERVICE = "SELECT pg_try_advisory_lock_shared(" + LEDGER + ") AND pg_try_advisory_lock("
            + "hashtext('event-idempotency ledger purge of ' || ?), 'processed_events'::regclass::oid::int)";

    private final PostgresSettings settings;

    public PostgresPurgeLock(PostgresSettings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<Held> tryAcquire(Optional<ServiceName> service) {
        Connection session = connect();
        try (PreparedStatement statement = session.prepareStatement(service.isPresent() ? ONE_SERVICE : EVERY_SERVICE)) {
            if (service.isPresent()) {
                statement.setString(1, service.get().value());
            }
            try (ResultSet locked = statement.executeQuery()) {
                locked.next();
                if (locked.getBoolean(1)) {
                    return Optional.of(() -> close(session));
                }
            }
        } catch (SQLException failure) {
            close(session);
            throw new IllegalStateException("could not ask PostgreSQL for the purge lock: " + failure.getMessage(), failure);
        }
        // Also releases the one of the two locks that was granted, if any.
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
