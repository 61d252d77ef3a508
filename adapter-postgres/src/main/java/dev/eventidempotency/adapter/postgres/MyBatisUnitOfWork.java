package dev.eventidempotency.adapter.postgres;

import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWorkUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * One MyBatis session, hence one pooled connection and one PostgreSQL transaction, per unit of work.
 *
 * <p>Commit and rollback are forced: MyBatis skips both when it believes the session is clean,
 * which it does after a write mapped as a select (an {@code INSERT ... RETURNING}), and a skipped
 * rollback followed by {@code close()} would keep a claim whose handler failed.
 *
 * <p>A transaction PostgreSQL aborted is never reported as committed. After a failed statement its
 * {@code COMMIT} only rolls back, and pgjdbc's {@code commit()} returns as if it had committed; so
 * before committing, the unit of work asks the driver for the transaction's state and, if it failed,
 * rolls back and throws an {@link AbortedTransactionException} that names the swallowed error. Work
 * that swallowed an error and then ran into the aborted transaction (SQLSTATE 25P02) fails with the
 * same exception, so that the error it reports is the one that was swallowed, not its echo.
 */
final class MyBatisUnitOfWork implements UnitOfWork {

    private final SqlSessionFactory sessions;
    private final StatementErrors statementErrors;

    MyBatisUnitOfWork(SqlSessionFactory sessions, StatementErrors statementErrors) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.statementErrors = Objects.requireNonNull(statementErrors, "statementErrors");
    }

    @Override
    public <R> R inTransaction(TransactionalWork<R> work) {
        try (SqlSession session = sessions.openSession(false)) {
            Connection connection = begin(session);
            R result;
            try {
                result = work.runIn(new MyBatisTransaction(session));
                refuseIfAborted(connection);
            } catch (RuntimeException failure) {
                rollBack(session, failure);
                throw statementErrors.ranIntoAbortedTransaction(failure)
                        ? AbortedTransactionException.after(statementErrors.firstErrorOn(connection), failure) : failure;
            } catch (Error failure) {
                rollBack(session, failure);
                throw failure;
            } finally {
                statementErrors.forget(connection);
            }
            session.commit(true);
            return result;
        }
    }

    /**
     * A connection the failure broke (a socket timeout, a terminated session) cannot roll back, and need
     * not: the server rolls back when the session ends. The failure stays the one reported, so that it is
     * classified by what went wrong, not by the rollback's "Connection is closed" echo.
     */
    private static void rollBack(SqlSession session, Throwable failure) {
        try {
            session.rollback(true);
        } catch (RuntimeException rollbackFailed) {
            failure.addSuppressed(rollbackFailed);
        }
    }

    // MyBatis connects lazily, on the first statement; connecting first tells "no database" apart
    // from a failure of the work itself.
    private static Connection begin(SqlSession session) {
        try {
            return session.getConnection();
        } catch (RuntimeException unreachable) {
            throw new UnitOfWorkUnavailableException("no database connection: " + unreachable.getMessage(), unreachable);
        }
    }

    private void refuseIfAborted(Connection connection) {
        if (transactionState(connection) == TransactionState.FAILED) {
            throw AbortedTransactionException.after(statementErrors.firstErrorOn(connection));
        }
    }

    /** The driver's own record of the transaction, read from its last ReadyForQuery: no round trip. */
    private static TransactionState transactionState(Connection connection) {
        try {
            // HikariCP's proxy passes unwrap on to the pgjdbc connection it wraps.
            return connection.unwrap(BaseConnection.class).getTransactionState();
        } catch (SQLException notPgjdbc) {
            throw new IllegalStateException("the unit of work runs on pgjdbc connections only, got "
                    + connection.getClass().getName(), notPgjdbc);
        }
    }
}
