package dev.eventidempotency.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.idempotency.port.in.FailureKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each of the service's bounds on a database wait ends that wait on the real server, with the error an
 * operator will find in the log, within about the configured time; and the migrations, which run on
 * connections of their own, are not cut off by the service's statement timeout.
 */
class DatabaseTimeoutsIT {

    private static final DatabaseTimeouts SHORT = new DatabaseTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofMillis(500), Duration.ofMillis(500));
    /** Room for a loaded 2-core machine above each bound. */
    private static final Duration SLACK = Duration.ofMillis(1500);

    private static TestDatabase fixture;
    private static PostgresDatabase database;

    @BeforeAll
    static void openTheServiceDatabaseWithShortTimeouts() {
        fixture = TestPostgres.freshDatabase();
        database = PostgresDatabase.openExisting(TestPostgres.server().withSchema(fixture.schema()).withTimeouts(SHORT));
    }

    @AfterAll
    static void close() {
        database.close();
        fixture.close();
    }

    @Test
    void aStatementRunningPastTheStatementTimeoutIsCancelledAndTheConnectionStaysUsable() throws Exception {
        try (Connection connection = database.dataSource().getConnection()) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> execute(connection, "SELECT pg_sleep(5)"))
                    .isInstanceOfSatisfying(SQLException.class, failure -> assertThat(failure.getSQLState()).isEqualTo("57014"));
            assertThat(since(started)).isBetween(SHORT.statement(), SHORT.statement().plus(SLACK));

            connection.rollback();
            execute(connection, "SELECT 1");
        }
    }

    @Test
    void aLockHeldByAnotherSessionEndsTheWaitAtTheLockTimeout() throws Exception {
        try (Connection holder = superuserSession();
             Connection connection = database.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            execute(holder, "LOCK TABLE " + fixture.schema() + ".processed_events IN ACCESS EXCLUSIVE MODE");

            long started = System.nanoTime();
            assertThatThrownBy(() -> execute(connection, "SELECT count(*) FROM processed_events"))
                    .isInstanceOfSatisfying(SQLException.class, failure -> assertThat(failure.getSQLState()).isEqualTo("55P03"));
            assertThat(since(started)).isBetween(SHORT.lock(), SHORT.lock().plus(SLACK));
            connection.rollback();
            holder.rollback();
        }
    }

    @Test
    void aSessionLeftIdleInATransactionIsEndedByTheServerAndItsLocksGo() throws Exception {
        try (Connection connection = database.dataSource().getConnection()) {
            execute(connection, "LOCK TABLE processed_events IN ACCESS EXCLUSIVE MODE");
            long locked = System.nanoTime();

            // Another session reads the table as soon as the server has ended the idle one and freed its lock.
            await().atMost(SHORT.idleInTransaction().plus(SLACK)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        try (Connection other = superuserSession()) {
                            execute(other, "SET lock_timeout = '100ms'");
                            execute(other, "SELECT count(*) FROM " + fixture.schema() + ".processed_events");
                            return true;
                        }
                    });
            assertThat(since(locked)).isGreaterThanOrEqualTo(SHORT.idleInTransaction());
            assertThatThrownBy(() -> execute(connection, "SELECT 1")).isInstanceOf(SQLException.class);
        }
    }

    /** The server answers nothing for longer than the socket timeout: the driver gives the connection up. */
    @Test
    void aReplyThatNeverComesEndsAtTheSocketTimeout() throws Exception {
        String backend;
        try (Connection connection = database.dataSource().getConnection()) {
            backend = query(connection, "SELECT pg_backend_pid()");
            // Only this session waits longer than the statement timeout, so that the server stays silent.
            execute(connection, "SET statement_timeout = 0");
            long started = System.nanoTime();
            assertThatThrownBy(() -> execute(connection, "SELECT pg_sleep(30)"))
                    .isInstanceOfSatisfying(SQLException.class,
                            failure -> assertThat(failure.getSQLState()).startsWith("08"));
            assertThat(since(started)).isBetween(SHORT.socket(), SHORT.socket().plus(SLACK));
            assertThat(connection.isClosed()).isTrue();
        }
        fixture.query("SELECT pg_terminate_backend(?)", Integer.parseInt(backend));
    }

    /** What the service's unit of work reports when the socket timeout breaks its connection mid-transaction. */
    @Test
    void aUnitOfWorkCutOffByTheSocketTimeoutReportsTheBrokenConnectionNotTheFailedRollback() {
        try (PostgresDatabase withSlowStatements = PostgresDatabase.open(
                TestPostgres.server().withSchema(fixture.schema()).withTimeouts(SHORT), List.of(SlowStatements.class))) {
            assertThatThrownBy(() -> withSlowStatements.unitOfWork().inTransaction(transaction -> {
                SlowStatements statements = MyBatisTransaction.mapper(transaction, SlowStatements.class);
                statements.allowAnyDuration();
                return statements.sleep();
            }))
                    .hasRootCauseInstanceOf(SocketTimeoutException.class)
                    .satisfies(failure -> assertThat(new PostgresFailureClassifier().classify((RuntimeException) failure))
                            .isEqualTo(FailureKind.ENVIRONMENT));
        }
    }

    @Test
    void aServerThatDoesNotAcceptEndsTheConnectAtTheConnectTimeout() throws Exception {
        // A listener with a full accept queue that never accepts: Linux drops further SYNs, so the connect hangs.
        try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             QueueFiller queued = new QueueFiller(deaf)) {
            PostgresSettings unanswered = TestPostgres.server().withSchema(fixture.schema()).withTimeouts(SHORT)
                    .withJdbcUrl("jdbc:postgresql://127.0.0.1:" + deaf.getLocalPort() + "/postgres");
            long started = System.nanoTime();
            assertThatThrownBy(() -> PostgresDatabase.openExisting(unanswered))
                    .isInstanceOf(DatabaseUnreachableException.class);
            assertThat(since(started)).isBetween(SHORT.connect(), SHORT.connect().plus(SLACK));
        }
    }

    @Test
    void theWaitForAPooledConnectionEndsAtThePoolTimeout() throws Exception {
        try (PostgresDatabase onePooled = PostgresDatabase.openExisting(new PostgresSettings(TestPostgres.server().jdbcUrl(),
                TestPostgres.server().user(), TestPostgres.server().password(), fixture.schema(), 1).withTimeouts(SHORT));
             Connection taken = onePooled.dataSource().getConnection()) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> onePooled.dataSource().getConnection()).isInstanceOf(SQLTransientConnectionException.class);
            assertThat(since(started)).isBetween(SHORT.poolWait(), SHORT.poolWait().plus(SLACK));
        }
    }

    /** Every migration statement takes longer than 1 ms; none of them is cancelled. */
    @Test
    void migrationsRunOnConnectionsWithoutTheStatementTimeout() {
        String schema = "it_timeouts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        DatabaseTimeouts oneMillisecond = new DatabaseTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        try (PostgresDatabase migrated = openPastThePoolsOwnStart(TestPostgres.server().withSchema(schema)
                .withTimeouts(oneMillisecond))) {
            assertThat(fixture.count("SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success"))
                    .isEqualTo(fixture.count("SELECT count(*) FROM " + fixture.schema() + ".flyway_schema_history"));
        } finally {
            fixture.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /**
     * The pool checks its first connection under the same 1 ms timeout, which a busy machine can exceed;
     * the server then cancels it, "due to statement timeout" or, when the driver's own cancel wins the
     * race, "due to user request". That check is not what is tested, so it is tried again. A cancelled
     * migration fails otherwise: it is not a {@link DatabaseUnreachableException}.
     */
    private static PostgresDatabase openPastThePoolsOwnStart(PostgresSettings settings) {
        for (int attempt = 1; ; attempt++) {
            try {
                return PostgresDatabase.open(settings);
            } catch (DatabaseUnreachableException cancelledCheck) {
                if (attempt == 20 || !cancelledCheck.getMessage().contains("canceling statement")) {
                    throw cancelledCheck;
                }
            }
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    private static Connection superuserSession() throws SQLException {
        PostgresSettings server = TestPostgres.server();
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
    }

    /** Statements that keep the server silent for longer than the socket timeout. */
    public interface SlowStatements {

        @Update("SET LOCAL statement_timeout = 0")
        void allowAnyDuration();

        @Select("SELECT pg_sleep(30)::text")
        String sleep();
    }

    /** Fills a listener's accept queue with connections it never accepts. */
    private static final class QueueFiller implements AutoCloseable {

        private final List<Socket> waiting = new ArrayList<>();

        QueueFiller(ServerSocket listener) throws Exception {
            for (int i = 0; i < 4; i++) {
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 200);
                    waiting.add(socket);
                } catch (SocketTimeoutException full) {
                    socket.close();
                    return;
                }
            }
        }

        @Override
        public void close() throws Exception {
            for (Socket socket : waiting) {
                socket.close();
            }
        }
    }
}
