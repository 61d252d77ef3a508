package dev.eventidempotency.adapter.postgres.user;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.application.user.port.out.RegistrationCounter;
import dev.eventidempotency.domain.idempotency.Transaction;

/**
 * A counter of the {@code counters} table: {@code users_registered} for the sample service, or
 * {@code registrations_heard} for the downstream sample that counts the registrations it published.
 * A counter is the sum of its rows, so that concurrent units of work never wait for each other's
 * commit on one hot row (V12).
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
        UserMapper mapper = MyBatisTransaction.mapper(transaction, UserMapper.class);
        if (mapper.addToFreeRow(name, registrations) == 0) {
            mapper.addNewRow(name, registrations);
        }
    }
}
