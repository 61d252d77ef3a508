package dev.eventidempotency.application.user.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RegistrationCounter} promises. A test of an implementation extends this class and
 * gives it with its unit of work and a way to read the count; each test starts with nothing counted.
 */
public abstract class RegistrationCounterContract {

    protected abstract UnitOfWork unitOfWork();

    protected abstract RegistrationCounter counter();

    /** The count as stored. */
    protected abstract long count();

    @Test
    void nothingCountedIsZero() {
        assertThat(count()).isZero();
    }

    @Test
    void everyAdditionCountsEvenTheSameTwiceInOneUnitOfWork() {
        add(2);
        unitOfWork().inTransaction(transaction -> {
            counter().add(transaction, 1);
            counter().add(transaction, 1);
            return null;
        });

        assertThat(count()).isEqualTo(4);
    }

    @Test
    void anAdditionInAFailedUnitOfWorkDoesNotCount() {
        add(3);

        assertThatThrownBy(() -> unitOfWork().inTransaction(transaction -> {
            counter().add(transaction, 5);
            throw new IllegalStateException("the handler failed after counting");
        })).hasMessageContaining("handler failed");

        assertThat(count()).isEqualTo(3);
    }

    private void add(int registrations) {
        unitOfWork().inTransaction(transaction -> {
            counter().add(transaction, registrations);
            return null;
        });
    }
}
