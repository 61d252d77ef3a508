package dev.eventidempotency.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.idempotency.port.in.FailureKind;
import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWorkContract;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.sql.SQLException;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The unit of work on PostgreSQL: the port's contract, with a row of {@code keyed_rows} as the effect.
 * And it never reports a transaction PostgreSQL aborted as committed. pgjdbc's
 * {@code commit()} returns normally on an aborted transaction (the server rolled it back), so work
 * that catches a SQL error and carries on would otherwise lose everything it wrote, silently.
 */
class MyBatisUnitOfWorkIT extends UnitOfWorkContract {

    private static TestDatabase db;
    private static UnitOfWork unitOfWork;

    @Override
    protected UnitOfWork unitOfWork() {
        return unitOfWork;
    }

    @Override
    protected void write(Transaction transaction, String effect) {
        rows(transaction).insert(effect);
    }

    @Override
    protected boolean kept(String effect) {
        return db.count("SELECT count(*) FROM keyed_rows WHERE id = ?", effect) == 1;
    }

    /** Rows with a key, so that writing one twice fails. */
    public interface KeyedRows {

        @Insert("INSERT INTO keyed_rows (id) VALUES (#{id})")
        void insert(String id);

        @Update("SAVEPOINT before_insert")
        void savepoint();

        @Update("ROLLBACK TO SAVEPOINT before_insert")
        void rollbackToSavepoint();
    }

    @BeforeAll
    static void createTable() {
        db = TestPostgres.freshDatabase(List.of(KeyedRows.class));
        db.execute("CREATE TABLE keyed_rows (id text PRIMARY KEY)");
        unitOfWork = db.database().unitOfWork();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @BeforeEach
    void emptyTable() {
        db.execute("TRUNCATE keyed_rows");
    }

    @Test
    void workThatSwallowsASqlErrorFailsNamingItAndLeavesNothingCommitted() {
        assertThatThrownBy(() -> unitOfWork.inTransaction(transaction -> {
            rows(transaction).insert("a");
            insertIgnoringFailure(transaction, "a");
            return null;
        })).isInstanceOfSatisfying(AbortedTransactionException.class, aborted -> {
            assertThat(aborted).hasMessage("a SQL error was swallowed: SQLSTATE 23505 (ERROR: duplicate key value violates"
                    + " unique constraint \"keyed_rows_pkey\") aborted the transaction, yet the work returned as if it had"
                    + " succeeded; it was rolled back, not committed (PostgreSQL would have turned the COMMIT into a silent"
                    + " ROLLBACK). Let SQL errors propagate");
            assertThat(aborted).hasNoCause();
            assertThat(aborted.getSuppressed()).singleElement().isInstanceOfSatisfying(SQLException.class,
                    swallowed -> assertThat(swallowed.getSQLState()).isEqualTo("23505"));
        });

        assertThat(db.count("SELECT count(*) FROM keyed_rows")).isZero();
    }

    @Test
    void workThatSwallowsASqlErrorAndGoesOnFailsNamingTheSwallowedErrorNotItsEcho() {
        assertThatThrownBy(() -> unitOfWork.inTransaction(transaction -> {
            rows(transaction).insert("a");
            insertIgnoringFailure(transaction, "a");
            rows(transaction).insert("b");
            return null;
        })).isInstanceOfSatisfying(AbortedTransactionException.class, aborted -> {
            assertThat(aborted).hasMessageStartingWith("a SQL error was swallowed: SQLSTATE 23505 (ERROR: duplicate key value")
                    .hasMessageContaining("and the work went on until a later statement was refused (PersistenceException,"
                            + " SQLSTATE 25P02); it was rolled back");
            assertThat(aborted).hasNoCause();
            assertThat(aborted.getSuppressed()).hasSize(2);
        });

        assertThat(db.count("SELECT count(*) FROM keyed_rows")).isZero();
    }

    @Test
    void theSwallowedErrorIsABugOfTheWorkNotTheDatabaseRefusingTheEventsData() {
        RuntimeException aborted = catchFailure(transaction -> {
            rows(transaction).insert("a");
            insertIgnoringFailure(transaction, "a");
            return null;
        });

        assertThat(new PostgresFailureClassifier().classify(aborted)).isEqualTo(FailureKind.UNKNOWN);
    }

    @Test
    void workThatRecoversThroughASavepointCommits() {
        unitOfWork.inTransaction(transaction -> {
            rows(transaction).insert("a");
            rows(transaction).savepoint();
            try {
                rows(transaction).insert("a");
            } catch (PersistenceException duplicate) {
                rows(transaction).rollbackToSavepoint();
            }
            rows(transaction).insert("b");
            return null;
        });

        assertThat(db.query("SELECT id FROM keyed_rows ORDER BY id")).containsExactly("a", "b");
    }

    @Test
    void theNextUnitOfWorkStartsCleanAfterAnAbortedOne() {
        for (int i = 0; i < 3; i++) {
            catchFailure(transaction -> {
                rows(transaction).insert("a");
                insertIgnoringFailure(transaction, "a");
                return null;
            });
            unitOfWork.inTransaction(transaction -> {
                rows(transaction).insert("clean");
                return null;
            });
            assertThat(db.query("SELECT id FROM keyed_rows")).containsExactly("clean");
            emptyTable();
        }
    }

    private static RuntimeException catchFailure(TransactionalWork<Object> work) {
        try {
            unitOfWork.inTransaction(work);
        } catch (RuntimeException failure) {
            return failure;
        }
        throw new AssertionError("the unit of work committed an aborted transaction");
    }

    /** The mistake under test: "it exists already, fine" — but PostgreSQL has aborted the transaction. */
    private static void insertIgnoringFailure(Transaction transaction, String id) {
        try {
            rows(transaction).insert(id);
        } catch (PersistenceException duplicate) {
            // swallowed on purpose
        }
    }

    private static KeyedRows rows(Transaction transaction) {
        return MyBatisTransaction.mapper(transaction, KeyedRows.class);
    }
}
