package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.kafka.DeadLetterTopic;
import dev.eventidempotency.adapter.kafka.RetryBackoff;
import dev.eventidempotency.adapter.postgres.DatabaseTimeouts;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.bootstrap.RunningService;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database incidents that would fail any event, not one event: the service runs as a least-privileged
 * runtime role on the real PostgreSQL and a real broker, good events keep arriving while the incident
 * lasts, and once it is over every one of them is processed exactly once: none is dead-lettered, none
 * is lost or doubled, and the service never stops. Where the incident would hang a connection (a
 * statement that never ends, a half-open connection, a lock that is never released), the service's
 * wait must end within its configured bound, while the incident still lasts.
 *
 * <p>An incident lasts until it has failed {@link #FAILED_TRIES} tries of the service, and at least
 * {@link #INCIDENT}: by then some partition's records were tried more often than an event that fails for
 * its own sake is before it is dead-lettered ({@link #MAX_ATTEMPTS}), so a policy that counted these
 * failures against the events would dead-letter some. The slow statements last 15 s, under a statement
 * timeout of 300 ms, so that such a policy would dead-letter some even if it split each failed batch down
 * to one event and waited out the timeout once per half (as one did). The service rests {@link #BACKOFF}
 * after a failure: as long as the default at first, so an event's own tries are as short, but at most 0.5 s,
 * so that a case does not wait out the default's long rests once its incident is over.
 */
class DatabaseIncidentsIT {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseIncidentsIT.class);
    private static final int PARTITIONS = 3;
    private static final int EVENTS = 600;
    private static final int SLICES = 5;
    private static final int BATCH_SIZE = 10;
    private static final int MAX_ATTEMPTS = 3;
    /** The shortest incident; the middle slices are published as it fails its tries. */
    private static final Duration INCIDENT = Duration.ofSeconds(3);
    /** By pigeonhole, one partition's records then failed {@link #MAX_ATTEMPTS} tries. */
    private static final int FAILED_TRIES = PARTITIONS * MAX_ATTEMPTS;
    private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofMillis(200), Duration.ofMillis(500));
    /**
     * Bounds short enough that a case notices each wait end within a second or two, and that a half-open connection
     * costs {@link #FAILED_TRIES} tries in seconds; the lock bound is the shorter, so that a held lock ends in 55P03.
     */
    private static final DatabaseTimeouts TIMEOUTS = new DatabaseTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofMillis(700), Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofSeconds(1));
    /** How soon after an incident begins the service must have given up a wait and rested: the longest bound and then some. */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(10);
    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String ROLE = "eidem_incident_" + SUFFIX;
    private static final String PASSWORD = "runtime-" + SUFFIX;

    private static TestDatabase db;
    private static PostgresSettings runtime;

    /** Something that happens to the database, and its end. */
    private interface Incident {
        void begin() throws Exception;

        void end() throws Exception;
    }

    @BeforeAll
    static void createTheRuntimeRoleAndItsSchema() {
        asSuperuser("CREATE ROLE " + ROLE + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" + PASSWORD + "'");
        db = TestPostgres.freshDatabaseGrantingTo(ROLE, PASSWORD);
        PostgresSettings owner = TestPostgres.server().withSchema(db.schema());
        runtime = new PostgresSettings(owner.jdbcUrl(), ROLE, PASSWORD, owner.schema(), 4)
                .withMigrationUser(owner.user(), owner.password())
                .withTimeouts(TIMEOUTS);
        TestKafka.bootstrapServers();
    }

    @AfterAll
    static void dropTheSchemaAndTheRole() {
        if (db != null) {
            db.close();
        }
        asSuperuser("ALTER ROLE " + ROLE + " RESET ALL");
        asSuperuser("DROP OWNED BY " + ROLE);
        asSuperuser("DROP ROLE IF EXISTS " + ROLE);
    }

    @BeforeEach
    void emptyTables() {
        db.emptyEveryTable();
    }

    /** A grant revoked by mistake (SQLSTATE 42501), then given back. */
    @Test
    void insertRevokedFromTheRuntimeRole() throws Exception {
        survives("INSERT on users revoked", 61, runtime, INCIDENT, new Incident() {
            @Override
            public void begin() {
                asSuperuser("REVOKE INSERT ON " + db.schema() + ".users FROM " + ROLE);
            }

            @Override
            public void end() {
                asSuperuser("GRANT INSERT ON " + db.schema() + ".users TO " + ROLE);
            }
        });
    }

    /**
     * A failover onto a standby, imitated: the role's new sessions are read-only (SQLSTATE 25006) and its
     * open ones are ended; at the end, as when the new primary takes over, its sessions are ended again.
     */
    @Test
    void runtimeRoleMadeReadOnly() throws Exception {
        survives("runtime role read-only", 62, runtime, INCIDENT, new Incident() {
            @Override
            public void begin() {
                asSuperuser("ALTER ROLE " + ROLE + " SET default_transaction_read_only = on");
                endSessionsOfTheRole();
            }

            @Override
            public void end() {
                asSuperuser("ALTER ROLE " + ROLE + " RESET default_transaction_read_only");
                endSessionsOfTheRole();
            }
        });
    }

    /**
     * Every insert into users runs longer than the statement timeout (SQLSTATE 57014), as on a stalled
     * disk: a trigger waits while a switch is on. Turning the switch off ends even a wait that no
     * timeout cut short, so the case ends cleanly where the service has no statement timeout.
     */
    @Test
    void statementsRunPastTheStatementTimeout() throws Exception {
        String schema = db.schema();
        DatabaseTimeouts shortStatements = new DatabaseTimeouts(TIMEOUTS.connect(), TIMEOUTS.socket(),
                Duration.ofMillis(300), TIMEOUTS.lock(), TIMEOUTS.idleInTransaction(), TIMEOUTS.poolWait());
        survives("statement timeout", 63, runtime.withTimeouts(shortStatements), Duration.ofSeconds(15), new Incident() {
            @Override
            public void begin() {
                asSuperuser("CREATE TABLE " + schema + ".incident_switch (slow boolean NOT NULL)");
                asSuperuser("INSERT INTO " + schema + ".incident_switch VALUES (true)");
                asSuperuser("GRANT SELECT ON " + schema + ".incident_switch TO " + ROLE);
                asSuperuser("CREATE FUNCTION " + schema + ".incident_slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$ "
                        + "BEGIN WHILE (SELECT slow FROM " + schema + ".incident_switch) LOOP PERFORM pg_sleep(0.05); END LOOP; "
                        + "RETURN NEW; END $$");
                asSuperuser("CREATE TRIGGER incident_slow_insert BEFORE INSERT ON " + schema + ".users "
                        + "FOR EACH ROW EXECUTE FUNCTION " + schema + ".incident_slow_insert()");
            }

            @Override
            public void end() {
                asSuperuser("UPDATE " + schema + ".incident_switch SET slow = false");
                asSuperuser("DROP TRIGGER incident_slow_insert ON " + schema + ".users");
                asSuperuser("DROP FUNCTION " + schema + ".incident_slow_insert()");
                asSuperuser("DROP TABLE " + schema + ".incident_switch");
            }
        });
    }

    /** The network between the service and PostgreSQL drops every packet while every socket stays open. */
    @Test
    void halfOpenConnections() throws Exception {
        try (PostgresProxy proxy = PostgresProxy.inFrontOf(runtime)) {
            survives("half-open connections", 64, proxy.settings(), INCIDENT, new Incident() {
                @Override
                public void begin() {
                    proxy.stall();
                }

                @Override
                public void end() {
                    proxy.resume();
                }
            });
        }
    }

    /** Another session holds the row every event updates (the registrations counter) and does not let go (55P03). */
    @Test
    void aLockHeldByAnotherSession() throws Exception {
        Connection[] holder = new Connection[1];
        survives("lock held by another session", 65, runtime, INCIDENT, new Incident() {
            @Override
            public void begin() throws SQLException {
                holder[0] = superuserSession();
                holder[0].setAutoCommit(false);
                try (Statement statement = holder[0].createStatement()) {
                    // The whole table: a counter takes whichever of its rows is free, or adds one.
                    statement.execute("LOCK TABLE " + db.schema() + ".counters IN EXCLUSIVE MODE");
                }
            }

            @Override
            public void end() throws SQLException {
                holder[0].rollback();
                holder[0].close();
            }
        });
    }

    /**
     * Publishes a fifth of the events and waits until they are processed, begins the incident, publishes
     * three more fifths while it lasts, ends it once it lasted {@code atLeast} and failed {@link #FAILED_TRIES}
     * tries, publishes the rest, and waits until every offset is committed; then checks the history.
     */
    private static void survives(String caseName, long seed, PostgresSettings postgres, Duration atLeast, Incident incident)
            throws Exception {
        String service = "incident-" + seed;
        String topic = TestKafka.freshTopic("db-incident", PARTITIONS);
        Workload workload = Workload.of(EVENTS, 10, PARTITIONS, seed);
        Disruptions disruptions = new Disruptions();
        long deadLettered;
        long retries;
        Duration noticedAfter;
        Duration lasted;
        try (RunningService running = RunningService.start(settings(service, topic, postgres), RunningService.sampleHandler(),
                BACKOFF)) {
            workload.publishSlice(TestKafka.bootstrapServers(), topic, 0, SLICES);
            int firstSlice = workload.distinctAmongFirst(workload.endOfSlice(0, SLICES));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                running.assertAlive();
                return ledgerRows() == firstSlice;
            });

            long retriesBefore = running.statistics().retries();
            long began = System.nanoTime();
            incident.begin();
            disruptions.outage();
            try {
                workload.publishSlice(TestKafka.bootstrapServers(), topic, 1, SLICES);
                await("a failed attempt: the service gave up its wait on the database and rests")
                        .atMost(NOTICED_WITHIN).until(() -> {
                            running.assertAlive();
                            return running.statistics().retries() > retriesBefore;
                        });
                noticedAfter = Duration.ofNanos(System.nanoTime() - began);
                for (int slice = 2; slice < SLICES - 1; slice++) {
                    // Each middle slice goes once the incident has failed one more try: published while it lasts.
                    long failedBefore = running.statistics().retries();
                    await("one more failed try before slice " + slice).atMost(Duration.ofSeconds(30)).until(() -> {
                        running.assertAlive();
                        return running.statistics().retries() > failedBefore;
                    });
                    workload.publishSlice(TestKafka.bootstrapServers(), topic, slice, SLICES);
                }
                await("the incident failed " + FAILED_TRIES + " tries and lasted " + atLeast.toMillis() + " ms")
                        .atMost(Duration.ofSeconds(60)).until(() -> {
                            running.assertAlive();
                            return running.statistics().retries() - retriesBefore >= FAILED_TRIES
                                    && System.nanoTime() - began >= atLeast.toNanos();
                        });
                lasted = Duration.ofNanos(System.nanoTime() - began);
            } finally {
                incident.end();
            }
            workload.publishSlice(TestKafka.bootstrapServers(), topic, SLICES - 1, SLICES);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                running.assertAlive();
                return TestKafka.committedOffsets(service, topic).equals(TestKafka.endOffsets(topic, PARTITIONS));
            });
            deadLettered = deadLetters(topic);
            retries = running.statistics().retries() - retriesBefore;
            disruptions.skipped(running.statistics().duplicatesSkipped());
        }

        LOG.info("Incident figures [{}]: lasted={} ms noticedAfter={} ms retries={} deadLettered={}", caseName,
                lasted.toMillis(), noticedAfter.toMillis(), retries, deadLettered);
        assertThat(deadLettered).as("good events dead-lettered during: " + caseName).isZero();
        HistoryChecker.assertExactlyOnce(caseName, workload, db, service, disruptions);
    }

    private static ServiceSettings settings(String service, String topic, PostgresSettings postgres) {
        ServiceSettings defaults = ServiceUnderTest.of(service, topic, db).withBatchSize(BATCH_SIZE).withPostgres(postgres)
                .settings();
        return new ServiceSettings(defaults.service(), defaults.topic(), defaults.kafkaConnection(), defaults.mode(),
                defaults.batchSize(), MAX_ATTEMPTS, defaults.maxRecordBytes(), defaults.groupTimeouts(), defaults.postgres());
    }

    /** Records on the dead-letter topic, counted on the broker. */
    private static long deadLetters(String topic) {
        return TestKafka.endOffsets(DeadLetterTopic.nameFor(topic), PARTITIONS).values().stream()
                .mapToLong(Long::longValue).sum();
    }

    private static long ledgerRows() {
        return db.count("SELECT count(*) FROM processed_events");
    }

    private static void endSessionsOfTheRole() {
        db.query("SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity WHERE usename = ?", ROLE);
    }

    /** Outside the test database's pool, which bounds its statements and lock waits: an incident's own SQL may wait. */
    private static void asSuperuser(String sql) {
        try (Connection connection = superuserSession(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException failure) {
            throw new IllegalStateException(sql + ": " + failure.getMessage(), failure);
        }
    }

    private static Connection superuserSession() throws SQLException {
        PostgresSettings server = TestPostgres.server();
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
    }
}
