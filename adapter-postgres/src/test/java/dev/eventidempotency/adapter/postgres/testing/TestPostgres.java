package dev.eventidempotency.adapter.postgres.testing;

import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL server of the integration tests, one per test JVM, and a fresh schema per
 * test class. There is no skip: without a server every integration test fails and says why.
 */
public final class TestPostgres {

    /** The local setup runs PostgreSQL 15; containers use the same version. */
    public static final String CONTAINER_IMAGE = "postgres:15.20";
    public static final String URL_VARIABLE = "TEST_DB_URL";

    private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
    private static PostgresSettings server;

    private TestPostgres() {
    }

    /** A new, migrated schema of its own; closing the returned database drops the schema. */
    public static TestDatabase freshDatabase() {
        return freshDatabase(List.of());
    }

    /** As {@link #freshDatabase()}, with the business's MyBatis mappers registered as the service registers them. */
    public static TestDatabase freshDatabase(List<Class<?>> businessMappers) {
        return new TestDatabase(PostgresDatabase.open(server().withSchema(freshSchemaName()), businessMappers));
    }

    /**
     * As {@link #freshDatabase()}, for a service that runs as {@code runtimeRole} (an existing login role):
     * the migrations run as the server's user, own the tables and grant the runtime role its rights, as
     * they do in production; the returned database's checks run as the server's user.
     */
    public static TestDatabase freshDatabaseGrantingTo(String runtimeRole, String runtimePassword) {
        PostgresSettings owner = server().withSchema(freshSchemaName());
        PostgresSettings runtime = new PostgresSettings(owner.jdbcUrl(), runtimeRole, runtimePassword, owner.schema(), 1)
                .withMigrationUser(owner.user(), owner.password());
        PostgresDatabase.open(runtime).close();
        return new TestDatabase(PostgresDatabase.openExisting(owner));
    }

    private static String freshSchemaName() {
        return "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The server's settings in its default schema. */
    public static synchronized PostgresSettings server() {
        if (server == null) {
            server = connectable(start(ServerProvider.choose(System.getenv(), URL_VARIABLE, ServerProvider.dockerAvailable())));
        }
        return server;
    }

    private static PostgresSettings start(ServerProvider provider) {
        Map<String, String> env = System.getenv();
        PostgresSettings settings = switch (provider) {
            case EXPLICIT_ADDRESS -> settings(env.get(URL_VARIABLE),
                    env.getOrDefault("TEST_DB_USER", "postgres"), env.getOrDefault("TEST_DB_PASSWORD", ""));
            case TESTCONTAINERS -> startContainer();
            case LOCAL -> settings("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        };
        LOG.info("Integration tests use PostgreSQL ({}) at {}", provider, settings.jdbcUrl());
        return settings;
    }

    private static PostgresSettings startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(CONTAINER_IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-postgres"));
        return settings(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    static PostgresSettings settings(String url, String user, String password) {
        return new PostgresSettings(url, user, password, PostgresSettings.DEFAULT_SCHEMA, 8);
    }

    /** The settings, once a connection proved the server answers; otherwise a failure that says how to provide one. */
    static PostgresSettings connectable(PostgresSettings settings) {
        try (Connection ignored = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
            return settings;
        } catch (SQLException unreachable) {
            throw new IllegalStateException("""
                    No PostgreSQL for the integration tests at %s (%s).
                    They need a real server; provide one of:
                      - the local server: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
                        (it must accept user 'postgres' without a password on 127.0.0.1:5432),
                      - any server: TEST_DB_URL=jdbc:postgresql://host:port/db TEST_DB_USER=... TEST_DB_PASSWORD=...,
                      - a Docker engine, and Testcontainers starts %s.""".formatted(
                    settings.jdbcUrl(), unreachable.getMessage(), CONTAINER_IMAGE), unreachable);
        }
    }
}
