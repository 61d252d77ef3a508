package dev.eventidempotency.adapter.postgres;

import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.ibatis.cache.CacheKey;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.session.ResultHandler;
import org.apache.ibatis.session.RowBounds;

/**
 * A MyBatis plugin that remembers, per connection, the first SQL error any statement of a session
 * raised, whatever the caller then did with it. PostgreSQL aborts a transaction at its first error;
 * when the work catches that error and carries on, this is the only record of what went wrong, and
 * the unit of work names it when it refuses to commit.
 */
@Intercepts({
        @Signature(type = Executor.class, method = "update", args = {MappedStatement.class, Object.class}),
        @Signature(type = Executor.class, method = "query",
                args = {MappedStatement.class, Object.class, RowBounds.class, ResultHandler.class}),
        @Signature(type = Executor.class, method = "query", args = {MappedStatement.class, Object.class, RowBounds.class,
                ResultHandler.class, CacheKey.class, BoundSql.class}),
        @Signature(type = Executor.class, method = "queryCursor", args = {MappedStatement.class, Object.class, RowBounds.class}),
        @Signature(type = Executor.class, method = "flushStatements", args = {})})
final class StatementErrors implements Interceptor {

    /** "current transaction is aborted, commands ignored until end of transaction block". */
    private static final String IN_FAILED_SQL_TRANSACTION = "25P02";

    // By identity: the pool hands out a new proxy for each checkout, so a key never outlives its session.
    private final Map<Connection, SQLException> firstErrors = Collections.synchronizedMap(new IdentityHashMap<>());

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
        try {
            return invocation.proceed();
        } catch (InvocationTargetException failed) {
            Optional<SQLException> sqlError = sqlErrorIn(failed.getCause());
            if (sqlError.isPresent()) {
                Connection connection = ((Executor) invocation.getTarget()).getTransaction().getConnection();
                firstErrors.putIfAbsent(connection, sqlError.get());
            }
            throw failed;
        }
    }

    /** The first SQL error a statement on this connection raised since {@link #forget}, if any. */
    Optional<SQLException> firstErrorOn(Connection connection) {
        return Optional.ofNullable(firstErrors.get(connection));
    }

    /** Whether the failure is a statement refused because an earlier error had aborted the transaction. */
    boolean ranIntoAbortedTransaction(RuntimeException failure) {
        return sqlErrorIn(failure).map(SQLException::getSQLState).filter(IN_FAILED_SQL_TRANSACTION::equals).isPresent();
    }

    /** Ends the record of a session: its connection goes back to the pool. */
    void forget(Connection connection) {
        firstErrors.remove(connection);
    }

    private static Optional<SQLException> sqlErrorIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }
}
