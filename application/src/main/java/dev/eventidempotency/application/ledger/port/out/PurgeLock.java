package dev.eventidempotency.application.ledger.port.out;

import java.util.Optional;

/** Port: lets one purge at a time run against a ledger, whichever process or instance starts it. */
public interface PurgeLock {

    /** The lock, or empty at once when another purge holds it: purges are skipped, never queued. */
    Optional<Held> tryAcquire();

    /** Releases the lock on close. */
    interface Held extends AutoCloseable {

        @Override
        void close();
    }
}
