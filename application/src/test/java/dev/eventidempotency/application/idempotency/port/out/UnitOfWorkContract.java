package dev.eventidempotency.application.idempotency.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.domain.idempotency.Transaction;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UnitOfWork} promises, checked on each implementation: the in-memory fakes the
 * application's tests run on, and the one on PostgreSQL. A test of an implementation extends this
 * class and says how to write an effect through a transaction and how to see whether it was kept;
 * each test starts with nothing kept.
 */
public abstract class UnitOfWorkContract {

    protected abstract UnitOfWork unitOfWork();

    /** Writes the effect through the transaction, as a handler writes its effects. */
    protected abstract void write(Transaction transaction, String effect);

    /** Whether the effect is stored for good, seen from outside any unit of work. */
    protected abstract boolean kept(String effect);

    @Test
    void workThatReturnsIsCommittedBeforeItsResultComesBack() {
        String result = unitOfWork().inTransaction(transaction -> {
            write(transaction, "first");
            write(transaction, "second");
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(kept("first")).as("first effect kept").isTrue();
        assertThat(kept("second")).as("second effect kept").isTrue();
    }

    @Test
    void workThatThrowsKeepsNoneOfItsEffectsAndItsFailureComesBackAsItWas() {
        IllegalStateException failure = new IllegalStateException("the handler failed after two writes");

        assertThatThrownBy(() -> unitOfWork().inTransaction(transaction -> {
            write(transaction, "first");
            write(transaction, "second");
            throw failure;
        })).isSameAs(failure);

        assertThat(kept("first")).as("first effect kept").isFalse();
        assertThat(kept("second")).as("second effect kept").isFalse();
    }

    @Test
    void anErrorRollsBackLikeAnException() {
        AssertionError failure = new AssertionError("a check inside the work failed");

        assertThatThrownBy(() -> unitOfWork().inTransaction(transaction -> {
            write(transaction, "effect");
            throw failure;
        })).isSameAs(failure);

        assertThat(kept("effect")).isFalse();
    }

    @Test
    void aFailedUnitOfWorkTakesNothingFromTheOneBeforeAndLeavesTheNextClean() {
        unitOfWork().inTransaction(transaction -> {
            write(transaction, "before");
            return null;
        });
        assertThatThrownBy(() -> unitOfWork().inTransaction(transaction -> {
            write(transaction, "failed");
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        unitOfWork().inTransaction(transaction -> {
            write(transaction, "after");
            return null;
        });

        assertThat(kept("before")).as("effect before the failure kept").isTrue();
        assertThat(kept("failed")).as("effect of the failed unit kept").isFalse();
        assertThat(kept("after")).as("effect after the failure kept").isTrue();
    }
}
