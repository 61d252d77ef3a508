package dev.eventidempotency.application.user.port.out;

import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.User;
import java.util.List;

/** Port: where registered users are stored (the {@code users} table). */
public interface UserRepository {

    /** Adds the users in one statement; adding an id again fails, which is how a lost guarantee would show. */
    void addAll(Transaction transaction, List<User> users);
}
