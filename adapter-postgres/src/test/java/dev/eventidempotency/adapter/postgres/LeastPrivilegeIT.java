package dev.eventidempotency.adapter.postgres;

import static dev.eventidempotency.adapter.postgres.user.SampleEvents.userCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.adapter.postgres.idempotency.MyBatisProcessedEventLedger;
import dev.eventidempotency.adapter.postgres.ledger.MyBatisLedgerInspection;
import dev.eventidempotency.adapter.postgres.ledger.MyBatisLedgerMaintenance;
import dev.eventidempotency.adapter.postgres.ledger.PostgresPurgeLock;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEmailOutbox;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEventOutbox;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.adapter.postgres.user.MyBatisRegistrationCounter;
import dev.eventidempotency.adapter.postgres.user.MyBatisUserRepository;
import dev.eventidempotency.adapter.postgres.user.SampleEvents;
import dev.eventidempotency.adapter.postgres.user.UserMapper;
import dev.eventidempotency.application.idempotency.IdempotentBatchProcessor;
import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.ledger.ForgetProcessedEvent;
import dev.eventidempotency.application.ledger.PurgeOldLedgerRows;
import dev.eventidempotency.application.ledger.port.in.ForgetRequest;
import dev.eventidempotency.application.ledger.port.in.PurgeReport;
import dev.eventidempotency.application.user.UserCreatedHandler;
import dev.eventidempotency.application.user.UserRegisteredEvents;
import dev.eventidempotency.application.user.WelcomeEmails;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.shared.EmailAddress;
import dev.eventidempotency.domain.user.UserCreated;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service as a real non-superuser role, with only the rights V5 grants it, in a database of its
 * own: the migrations run as an owner role that is no superuser either, and the runtime role claims,
 * writes the sample's effects, forgets and purges, but can alter, drop, truncate or create nothing.
 */
class LeastPrivilegeIT {

    private static final ServiceName SERVICE = new ServiceName("user-service");
    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String OWNER = "eidem_owner_" + SUFFIX;
    private static final String ROLE = "eidem_runtime_" + SUFFIX;
    private static final String DATABASE = "eidem_least_privilege_" + SUFFIX;
    private static final String SCHEMA = "service";
    // Passwords, so that the roles also log in where the server checks them (Testcontainers).
    private static final String OWNER_PASSWORD = "owner-" + SUFFIX;
    private static final String PASSWORD = "runtime-" + SUFFIX;

    private static PostgresSettings runtime;
    private static PostgresDatabase database;

    @BeforeAll
    static void createTheRolesAndTheirDatabaseThenMigrateAsTheOwner() {
        asSuperuser("CREATE ROLE " + OWNER + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + OWNER_PASSWORD + "'");
        asSuperuser("CREATE ROLE " + ROLE + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + PASSWORD + "'");
        asSuperuser("CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
        String url = TestPostgres.server().jdbcUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + DATABASE + "$1");
        runtime = new PostgresSettings(url, ROLE, PASSWORD, SCHEMA, 2).withMigrationUser(OWNER, OWNER_PASSWORD);
        database = PostgresDatabase.open(runtime, List.of(UserMapper.class));
    }

    @AfterAll
    static void dropTheDatabaseAndTheRoles() {
        if (database != null) {
            database.close();
        }
        asSuperuser("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        asSuperuser("DROP ROLE IF EXISTS " + ROLE);
        asSuperuser("DROP ROLE IF EXISTS " + OWNER);
    }

    @Test
    void neitherRoleIsSuperuserAndTheOwnerOwnsEveryTable() {
        assertThat(asOwnerQuery("SELECT count(*) FROM pg_roles WHERE rolname IN ('" + ROLE + "', '" + OWNER
                + "') AND NOT rolsuper")).isEqualTo("2");
        assertThat(asOwnerQuery("SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE schemaname = '"
                + SCHEMA + "'")).isEqualTo(OWNER);
    }

    @Test
    void theServiceProcessesEachEventOnceWithTheGrantedRightsAlone() {
        IdempotentBatchProcessor<UserCreated> processor = registrations();
        long registeredBefore = registrations(SCHEMA);
        List<String> ids = List.of("lp-1-" + SUFFIX, "lp-2-" + SUFFIX, "lp-3-" + SUFFIX);
        BatchOutcome first = processor.process(ids.stream().map(SampleEvents::userCreated).toList());
        BatchOutcome again = processor.process(List.of(userCreated(ids.get(0))));

        assertThat(first.failure()).isEmpty();
        assertThat(first.completed()).isEqualTo(3);
        assertThat(again.failure()).isEmpty();
        assertThat(countAsOwner("SELECT count(*) FROM " + SCHEMA + ".processed_events WHERE event_id LIKE 'lp-%'"))
                .isEqualTo(3);
        assertThat(registrations(SCHEMA) - registeredBefore).isEqualTo(3);
    }

    @Test
    void theRuntimeRoleForgetsAndPurgesLedgerRows() {
        String forgotten = "lp-forget-" + SUFFIX;
        registrations().process(List.of(userCreated(forgotten), userCreated("lp-purge-" + SUFFIX)));
        ForgetProcessedEvent forget = new ForgetProcessedEvent(database.unitOfWork(), new MyBatisLedgerInspection(),
                new MyBatisLedgerMaintenance());

        assertThat(forget.forget(new ForgetRequest(new EventId(forgotten), SERVICE, "operator", "test", false)))
                .isPresent();
        PurgeReport purged = new PurgeOldLedgerRows(database.unitOfWork(), new MyBatisLedgerInspection(),
                new MyBatisLedgerMaintenance(), List.of(new MyBatisEmailOutbox(), new MyBatisEventOutbox()),
                new PostgresPurgeLock(runtime),
                Clock.fixed(Instant.now().plus(Duration.ofDays(30)), ZoneOffset.UTC))
                .purge(Optional.of(SERVICE), Duration.ofDays(7), 500, false);

        assertThat(purged.rows()).isPositive();
        assertThat(countAsOwner("SELECT count(*) FROM " + SCHEMA + ".forgotten_events WHERE event_id = '" + forgotten + "'"))
                .isEqualTo(1);
        assertThat(countAsOwner("SELECT count(*) FROM " + SCHEMA + ".processed_events")).isZero();
    }

    @Test
    void theRuntimeRoleRelaysRetriesParksAndRequeuesEmails() {
        registrations().process(List.of(userCreated("lp-mail-" + SUFFIX)));
        MyBatisEmailOutbox outbox = new MyBatisEmailOutbox();
        Instant due = Instant.now().plus(Duration.ofHours(1));

        MessageId parked = database.unitOfWork().inTransaction(transaction -> {
            MessageId id = outbox.claimDue(transaction, due, due.plusSeconds(60), 1).get(0).email().id();
            outbox.retryLater(transaction, id, Instant.now(), "451 busy");
            outbox.park(transaction, id, "550 no such mailbox");
            return id;
        });
        boolean requeued = database.unitOfWork().inTransaction(transaction -> outbox.requeueParked(transaction, parked));
        database.unitOfWork().inTransaction(transaction -> {
            outbox.markSent(transaction, List.of(parked), Instant.now());
            return null;
        });

        assertThat(requeued).isTrue();
        assertThat(countAsOwner("SELECT count(*) FROM " + SCHEMA + ".outbox_emails WHERE status = 'sent' AND message_id = '"
                + parked.value() + "'")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE processed_events ADD COLUMN note TEXT",
            "ALTER TABLE users DROP COLUMN email",
            "DROP TABLE counters",
            "DROP TABLE processed_events",
            "TRUNCATE processed_events",
            "TRUNCATE users",
            "TRUNCATE outbox_emails",
            "DROP TABLE outbox_emails",
            "CREATE TABLE intruder (id INT)",
            "CREATE TABLE public.intruder (id INT)",
            "CREATE SCHEMA intruder",
            "UPDATE processed_events SET topic = 'other'",
            "DELETE FROM users",
            "DELETE FROM forgotten_events",
            "DROP SCHEMA %s CASCADE"})
    void theRuntimeRoleCannotChangeTheSchemaNorRewriteHistory(String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(runtime.jdbcUrl(), ROLE, PASSWORD);
             Statement sql = connection.createStatement()) {
            sql.execute("SET search_path TO " + SCHEMA);
            assertThatThrownBy(() -> sql.execute(statement.formatted(SCHEMA)))
                    .isInstanceOf(SQLException.class)
                    .satisfies(refused -> assertThat(((SQLException) refused).getSQLState())
                            .as("SQLSTATE of: " + statement).isEqualTo("42501"));
        }
    }

    private static long registrations(String schema) {
        return countAsOwner("SELECT COALESCE(sum(value), 0) FROM " + schema + ".counters WHERE name = '"
                + MyBatisRegistrationCounter.COUNTER_NAME + "'");
    }

    private static IdempotentBatchProcessor<UserCreated> registrations() {
        return new IdempotentBatchProcessor<>(SERVICE, database.unitOfWork(), new MyBatisProcessedEventLedger(),
                new UserCreatedHandler(new MyBatisUserRepository(), new MyBatisRegistrationCounter(), new MyBatisEmailOutbox(),
                        new WelcomeEmails(new EmailAddress("welcome@example.com")),
                new MyBatisEventOutbox(), new UserRegisteredEvents(new TopicName("user-registered"))),
                new PostgresFailureClassifier());
    }

    private static void asSuperuser(String sql) {
        PostgresSettings server = TestPostgres.server();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException failure) {
            throw new IllegalStateException(sql + ": " + failure.getMessage(), failure);
        }
    }

    private static String asOwnerQuery(String sql) {
        try (Connection connection = DriverManager.getConnection(runtime.jdbcUrl(), OWNER, OWNER_PASSWORD);
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException failure) {
            throw new IllegalStateException(sql + ": " + failure.getMessage(), failure);
        }
    }

    private static long countAsOwner(String sql) {
        return Long.parseLong(asOwnerQuery(sql));
    }
}
