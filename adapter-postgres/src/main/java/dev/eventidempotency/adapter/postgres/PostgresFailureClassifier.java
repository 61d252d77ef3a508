package dev.eventidempotency.adapter.postgres;

import dev.eventidempotency.application.idempotency.port.in.FailureKind;
import dev.eventidempotency.application.idempotency.port.out.FailureClassifier;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWorkUnavailableException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Reads PostgreSQL's SQLSTATE (the first SQLException in the cause chain) to tell whose failure it
 * is. Codes from the PostgreSQL manual's appendix "PostgreSQL Error Codes":
 * <ul>
 *   <li>environment, which any event would meet: 08 connection, 28 authorization, 40 transaction
 *       rollback (serialization, deadlock), 53 insufficient resources, 55 object not in prerequisite
 *       state (a lock not available), 57 operator intervention (a statement timeout, a shutdown),
 *       58 system error, XX internal error; 25006 read-only transaction (a failover onto a standby),
 *       25P03 idle in transaction timeout, 42501 insufficient privilege (a revoked grant), and the
 *       missing objects of a migration skew: 3F000 schema, 42P01 table, 42703 column, 42704 object,
 *       42883 function; and no connection at all, an I/O error, a transient JDBC error;</li>
 *   <li>rejected, this event's data: 22 data exception, 23 integrity constraint violation;</li>
 *   <li>everything else is unknown, such as a handler's own exception.</li>
 * </ul>
 */
public final class PostgresFailureClassifier implements FailureClassifier {

    private static final Set<String> ENVIRONMENT_CLASSES = Set.of("08", "28", "40", "53", "55", "57", "58", "XX");
    private static final Set<String> ENVIRONMENT_STATES =
            Set.of("25006", "25P03", "42501", "3F000", "42P01", "42703", "42704", "42883");
    private static final Set<String> REJECTED_CLASSES = Set.of("22", "23");

    @Override
    public FailureKind classify(RuntimeException failure) {
        if (failure instanceof UnitOfWorkUnavailableException) {
            return FailureKind.ENVIRONMENT;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() == 5) {
                return kindOf(sql.getSQLState());
            }
            if (cause instanceof SQLTransientException || cause instanceof IOException) {
                return FailureKind.ENVIRONMENT;
            }
        }
        return FailureKind.UNKNOWN;
    }

    private static FailureKind kindOf(String sqlState) {
        String errorClass = sqlState.substring(0, 2);
        if (ENVIRONMENT_CLASSES.contains(errorClass) || ENVIRONMENT_STATES.contains(sqlState)) {
            return FailureKind.ENVIRONMENT;
        }
        return REJECTED_CLASSES.contains(errorClass) ? FailureKind.REJECTED : FailureKind.UNKNOWN;
    }
}
