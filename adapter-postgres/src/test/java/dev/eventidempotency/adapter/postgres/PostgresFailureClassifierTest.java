package dev.eventidempotency.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.application.idempotency.port.in.FailureKind;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWorkUnavailableException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresFailureClassifierTest {

    private final PostgresFailureClassifier classifier = new PostgresFailureClassifier();

    @ParameterizedTest(name = "SQLSTATE {0} ({2}) is {1}")
    @CsvSource({
            "08006, ENVIRONMENT, connection failure",
            "08001, ENVIRONMENT, cannot connect",
            "28P01, ENVIRONMENT, password rejected",
            "40001, ENVIRONMENT, serialization failure",
            "40P01, ENVIRONMENT, deadlock",
            "53300, ENVIRONMENT, too many connections",
            "53100, ENVIRONMENT, disk full",
            "55P03, ENVIRONMENT, lock not available (lock_timeout)",
            "57014, ENVIRONMENT, statement timeout",
            "57P01, ENVIRONMENT, admin shutdown",
            "58030, ENVIRONMENT, I/O error",
            "XX000, ENVIRONMENT, internal error",
            "25006, ENVIRONMENT, read-only transaction (failover onto a standby)",
            "25P03, ENVIRONMENT, idle in transaction timeout",
            "42501, ENVIRONMENT, insufficient privilege (revoked grant)",
            "3F000, ENVIRONMENT, schema missing",
            "42P01, ENVIRONMENT, table missing (migration skew)",
            "42703, ENVIRONMENT, column missing (migration skew)",
            "42704, ENVIRONMENT, object missing",
            "42883, ENVIRONMENT, function missing",
            "23505, REJECTED, unique violation",
            "23503, REJECTED, foreign key violation",
            "23514, REJECTED, check violation",
            "22021, REJECTED, character not in repertoire",
            "22001, REJECTED, value too long",
            "42601, UNKNOWN, syntax error (a handler's bug)",
            "P0001, UNKNOWN, raise exception in a function"})
    void theSqlStateOfTheFirstSqlExceptionInTheCauseChainDecides(String sqlState, FailureKind kind, String meaning) {
        PersistenceException wrapped = new PersistenceException("### Error updating database",
                new SQLException("the database said no", sqlState));

        assertThat(classifier.classify(wrapped)).isEqualTo(kind);
    }

    @Test
    void aUnitOfWorkThatCouldNotConnectOrAnIoErrorIsTheEnvironments() {
        assertThat(classifier.classify(new UnitOfWorkUnavailableException("no database connection", null)))
                .isEqualTo(FailureKind.ENVIRONMENT);
        assertThat(classifier.classify(new IllegalStateException(new SQLTransientConnectionException("pool timeout"))))
                .isEqualTo(FailureKind.ENVIRONMENT);
        assertThat(classifier.classify(new IllegalStateException(new SocketTimeoutException("read timed out"))))
                .isEqualTo(FailureKind.ENVIRONMENT);
    }

    @Test
    void aFailureWithoutASqlExceptionIsUnknown() {
        assertThat(classifier.classify(new IllegalStateException("a bug in a handler"))).isEqualTo(FailureKind.UNKNOWN);
    }
}
