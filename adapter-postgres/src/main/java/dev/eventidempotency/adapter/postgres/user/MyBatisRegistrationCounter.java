package dev.eventidempotency.adapter.postgres.user;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.application.user.port.out.RegistrationCounter;
import dev.eventidempotency.domain.idempotency.Transaction;

/** The {@code users_registered} row of the {@code counters} table. */
public final class MyBatisRegistrationCounter implements RegistrationCounter {

    public static final String COUNTER_NAME = "users_registered";

    @Override
    public void add(Transaction transaction, int registrations) {
        MyBatisTransaction.mapper(transaction, UserMapper.class).add(COUNTER_NAME, registrations);
    }
}
