package dev.eventidempotency.adapter.postgres;

import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWorkUnavailableException;
import java.util.Objects;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * One MyBatis session, hence one pooled connection and one PostgreSQL transaction, per unit of work.
 *
 * <p>Commit and rollback are forced: MyBatis skips both when it believes the session is clean,
 * which it does after a write mapped as a select (an {@code INSERT ... RETURNING}), and a skipped
 * rollback followed by {@code close()} would keep a claim whose handler failed.
 */
final class MyBatisUnitOfWork implements UnitOfWork {

    private final SqlSessionFactory sessions;

    MyBatisUnitOfWork(SqlSessionFactory sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    @Override
    public <R> R inTransaction(TransactionalWork<R> work) {
        try (SqlSession session = sessions.openSession(false)) {
            begin(session);
            R result;
            try {
                result = work.runIn(new MyBatisTransaction(session));
            } catch (RuntimeException | Error failure) {
                session.rollback(true);
                throw failure;
            }
            session.commit(true);
            return result;
        }
    }

    // MyBatis connects lazily, on the first statement; connecting first tells "no database" apart
    // from a failure of the work itself.
    private static void begin(SqlSession session) {
        try {
            session.getConnection();
        } catch (RuntimeException unreachable) {
            throw new UnitOfWorkUnavailableException("no database connection: " + unreachable.getMessage(), unreachable);
        }
    }
}
