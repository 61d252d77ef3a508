package dev.eventidempotency.application.user.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;

/** Port: the running count of registrations (the {@code users_registered} counter). */
public interface RegistrationCounter {

    /** Adds to the count. Not idempotent on purpose: a doubled effect shows as a count that is too high. */
    void add(Transaction transaction, int registrations);
}
