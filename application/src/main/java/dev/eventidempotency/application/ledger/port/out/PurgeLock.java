package dev.eventidempotency.application.ledger.port.out;

import dev.eventidempotency.domain.idempotency.ServiceName;
import java.util.Optional;

/**
 * Port: lets one purge at a time run against a service's rows of a ledger, whichever process or
 * instance starts it. Purges of different services go on side by side; a purge of every service
 * excludes all of them.
 */
public interface PurgeLock {

    /**
     * The lock for the service's rows or, when none is given, for every service's; empty at once when
     * another purge holds a lock that overlaps: purges are skipped, never queued.
     */
    Optional<Held> tryAcquire(Optional<ServiceName> service);

    /** Releases the lock on close. */
    interface Held extends AutoCloseable {

        @Override
        void close();
    }
}
