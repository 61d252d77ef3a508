package dev.eventidempotency.adapter.postgres.user;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.application.user.port.out.UserRepository;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.User;
import java.time.ZoneOffset;

/** Users in the {@code users} table; the primary key turns a doubled registration into an error. */
public final class MyBatisUserRepository implements UserRepository {

    @Override
    public void add(Transaction transaction, User user) {
        MyBatisTransaction.mapper(transaction, UserMapper.class).insertUser(
                user.id().value(), user.email().value(), user.name(), user.createdAt().atOffset(ZoneOffset.UTC));
    }
}
