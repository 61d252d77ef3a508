package dev.eventidempotency.adapter.postgres.user;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.application.user.port.out.RegistrationCounter;
import dev.eventidempotency.domain.idempotency.Transaction;

/**
 * A row of the {@code counters} table: {@code users_registered} for the sample service, or
 * {@code registrations_heard} for the downstream sample that counts the registrations it published.
 */
public final class MyBatisRegistrationCounter implements RegistrationCounter {

    public static final String COUNTER_NAME = "users_registered";
    public static final String HEARD_COUNTER_NAME = "registrations_heard";

    private final String name;

    public MyBatisRegistrationCounter() {
        this(COUNTER_NAME);
    }

    public MyBatisRegistrationCounter(String name) {
        this.name = name;
    }

    @Override
    public void add(Transaction transaction, int registrations) {
        MyBatisTransaction.mapper(transaction, UserMapper.class).add(name, registrations);
    }
}
