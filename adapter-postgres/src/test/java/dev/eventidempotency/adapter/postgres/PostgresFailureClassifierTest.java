package dev.eventidempotency.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.application.idempotency.port.in.FailureKind;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWorkUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PostgresFailureClassifierTest {

    private final PostgresFailureClassifier classifier = new PostgresFailureClassifier();

    @ParameterizedTest(name = "SQLSTATE {0} is {1}")
    @CsvSource({
            "08006, TRANSIENT", "40001, TRANSIENT", "40P01, TRANSIENT", "53300, TRANSIENT", "55P03, TRANSIENT",
            "57P01, TRANSIENT", "23505, PERMANENT", "23503, PERMANENT", "22021, PERMANENT", "22001, PERMANENT",
            "42P01, UNKNOWN", "XX000, UNKNOWN"})
    void theSqlStateOfTheFirstSqlExceptionInTheCauseChainDecides(String sqlState, FailureKind kind) {
        PersistenceException wrapped = new PersistenceException("### Error updating database",
                new SQLException("the database said no", sqlState));

        assertThat(classifier.classify(wrapped)).isEqualTo(kind);
    }

    @Test
    void aUnitOfWorkThatCouldNotConnectIsTransient() {
        assertThat(classifier.classify(new UnitOfWorkUnavailableException("no database connection", null)))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(classifier.classify(new IllegalStateException(new SQLTransientConnectionException("pool timeout"))))
                .isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void aFailureWithoutASqlExceptionIsUnknown() {
        assertThat(classifier.classify(new IllegalStateException("a bug in a handler"))).isEqualTo(FailureKind.UNKNOWN);
    }
}
