package dev.eventidempotency.adapter.postgres.user;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.application.user.port.out.UserRepository;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.User;
import java.util.List;
import java.util.function.Function;

/** Users in the {@code users} table; the primary key turns a doubled registration into an error. */
public final class MyBatisUserRepository implements UserRepository {

    @Override
    public void addAll(Transaction transaction, List<User> users) {
        MyBatisTransaction.mapper(transaction, UserMapper.class).insertUsers(
                column(users, user -> user.id().toString()),
                column(users, user -> user.email().value()),
                column(users, User::name),
                column(users, user -> user.createdAt().toString()));
    }

    private static String[] column(List<User> users, Function<User, String> value) {
        return users.stream().map(value).toArray(String[]::new);
    }
}
