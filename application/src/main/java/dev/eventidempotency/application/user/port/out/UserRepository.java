package dev.eventidempotency.application.user.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.User;

/** Port: where registered users are stored (the {@code users} table). */
public interface UserRepository {

    /** Adds the user; a second add of the same id fails, which is how a lost guarantee would show. */
    void add(Transaction transaction, User user);
}
