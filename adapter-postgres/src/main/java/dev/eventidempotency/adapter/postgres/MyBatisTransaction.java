package dev.eventidempotency.adapter.postgres;

import dev.eventidempotency.domain.idempotency.Transaction;
import org.apache.ibatis.session.SqlSession;

/** The MyBatis session behind a {@link Transaction}: the only way this adapter's mappers are reached. */
public final class MyBatisTransaction implements Transaction {

    private final SqlSession session;

    MyBatisTransaction(SqlSession session) {
        this.session = session;
    }

    /** The mapper bound to the transaction's session; fails for a transaction of another adapter. */
    public static <M> M mapper(Transaction transaction, Class<M> mapperType) {
        if (!(transaction instanceof MyBatisTransaction myBatis)) {
            throw new IllegalArgumentException(
                    "expected a transaction opened by the PostgreSQL unit of work, got " + transaction.getClass().getName());
        }
        return myBatis.session.getMapper(mapperType);
    }
}
