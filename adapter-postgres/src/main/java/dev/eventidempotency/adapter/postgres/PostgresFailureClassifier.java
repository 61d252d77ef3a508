package dev.eventidempotency.adapter.postgres;

import dev.eventidempotency.application.idempotency.port.in.FailureKind;
import dev.eventidempotency.application.idempotency.port.out.FailureClassifier;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWorkUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Reads PostgreSQL's SQLSTATE (the first SQLException in the cause chain) to tell a database that
 * will accept the same write later from one that never will. Classes, from the PostgreSQL manual's
 * appendix "PostgreSQL Error Codes":
 * <ul>
 *   <li>transient: 08 connection exception, 40 transaction rollback (serialization failure,
 *       deadlock), 53 insufficient resources, 55P03 lock not available, 57P01-57P05 shutdown and
 *       connection limits, and the unit of work that could not connect at all;</li>
 *   <li>permanent: 22 data exception and 23 integrity constraint violation;</li>
 *   <li>everything else is unknown.</li>
 * </ul>
 */
public final class PostgresFailureClassifier implements FailureClassifier {

    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53");
    private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "57P01", "57P02", "57P03", "57P04", "57P05");
    private static final Set<String> PERMANENT_CLASSES = Set.of("22", "23");

    @Override
    public FailureKind classify(RuntimeException failure) {
        if (failure instanceof UnitOfWorkUnavailableException) {
            return FailureKind.TRANSIENT;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException) {
                return FailureKind.TRANSIENT;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() == 5) {
                return kindOf(sql.getSQLState());
            }
        }
        return FailureKind.UNKNOWN;
    }

    private static FailureKind kindOf(String sqlState) {
        String errorClass = sqlState.substring(0, 2);
        if (TRANSIENT_CLASSES.contains(errorClass) || TRANSIENT_STATES.contains(sqlState)) {
            return FailureKind.TRANSIENT;
        }
        return PERMANENT_CLASSES.contains(errorClass) ? FailureKind.PERMANENT : FailureKind.UNKNOWN;
    }
}
