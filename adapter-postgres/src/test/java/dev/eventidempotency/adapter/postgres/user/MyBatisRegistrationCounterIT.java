package dev.eventidempotency.adapter.postgres.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.postgres.testing.FreshDatabase;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.user.port.out.RegistrationCounter;
import dev.eventidempotency.application.user.port.out.RegistrationCounterContract;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code users_registered} counter keeps the port's contract, and concurrent additions do not queue. */
class MyBatisRegistrationCounterIT extends RegistrationCounterContract {

    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase(List.of(UserMapper.class));

    private final MyBatisRegistrationCounter counter = new MyBatisRegistrationCounter();

    /**
     * While one unit of work holds its addition uncommitted, another adds and commits without waiting:
     * on a single row it would wait for the lock until the first committed (or its lock timeout).
     */
    @Test
    void concurrentUnitsOfWorkDoNotWaitForEachOther() throws Exception {
        CountDownLatch firstAdded = new CountDownLatch(1);
        CountDownLatch secondCommitted = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> unitOfWork().inTransaction(transaction -> {
            counter.add(transaction, 1);
            firstAdded.countDown();
            return await(secondCommitted);
        }));
        assertThat(firstAdded.await(10, TimeUnit.SECONDS)).isTrue();

        unitOfWork().inTransaction(transaction -> {
            counter.add(transaction, 2);
            return null;
        });
        secondCommitted.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).as("the first saw the second commit while it held its row").isTrue();
        assertThat(count()).isEqualTo(3);
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    protected UnitOfWork unitOfWork() {
        return db.database().unitOfWork();
    }

    @Override
    protected RegistrationCounter counter() {
        return counter;
    }

    @Override
    protected long count() {
        return db.count("SELECT coalesce(sum(value), 0) FROM counters WHERE name = ?", MyBatisRegistrationCounter.COUNTER_NAME);
    }
}
