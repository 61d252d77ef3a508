package dev.eventidempotency.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.eventidempotency.adapter.postgres.idempotency.ProcessedEventMapper;
import dev.eventidempotency.adapter.postgres.ledger.LedgerMapper;
import dev.eventidempotency.adapter.postgres.outbox.EventOutboxMapper;
import dev.eventidempotency.adapter.postgres.outbox.OutboxMapper;
import dev.eventidempotency.adapter.postgres.position.ConsumedPositionMapper;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The service's PostgreSQL: a connection pool, its schema migrated by Flyway, and MyBatis on top.
 * Opening it migrates; closing it closes the pool.
 */
public final class PostgresDatabase implements AutoCloseable {

    /** The Flyway placeholder that names the runtime role in the migrations' GRANT statements. */
    public static final String RUNTIME_ROLE = "runtimeRole";

    private final HikariDataSource pool;
    private final MyBatisUnitOfWork unitOfWork;

    private PostgresDatabase(HikariDataSource pool, SqlSessionFactory sessions, StatementErrors statementErrors) {
        this.pool = pool;
        this.unitOfWork = new MyBatisUnitOfWork(sessions, statementErrors);
    }

    /** Connects, migrates the schema to the newest version, and fails fast if either is impossible. */
    public static PostgresDatabase open(PostgresSettings settings) {
        return open(settings, List.of());
    }

    /**
     * As {@link #open(PostgresSettings)}, with the MyBatis mappers of the business's repositories
     * registered beside the ledger's own: a repository reaches its mapper only if it is listed here.
     */
    public static PostgresDatabase open(PostgresSettings settings, List<Class<?>> businessMappers) {
        return migrated(connect(settings), settings, businessMappers);
    }

    /**
     * As {@link #open}, for tools that operate on a running service's ledger: refuses a schema without
     * one, so that a mistyped schema is reported instead of created, migrated and found empty.
     */
    public static PostgresDatabase openExisting(PostgresSettings settings) {
        HikariDataSource pool = connect(settings);
        try {
            if (!holdsLedger(pool)) {
                throw new IllegalStateException("schema '" + settings.schema() + "' at " + settings.redactedUrl()
                        + " holds no processed_events table: check DB_SCHEMA (or --db-schema); the service creates the "
                        + "table when it first starts");
            }
        } catch (RuntimeException failure) {
            pool.close();
            throw failure;
        }
        return migrated(pool, settings, List.of());
    }

    public UnitOfWork unitOfWork() {
        return unitOfWork;
    }

    /** For read-only reports and tests; the service's writes go through {@link #unitOfWork()}. */
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static PostgresDatabase migrated(HikariDataSource pool, PostgresSettings settings,
            List<Class<?>> businessMappers) {
        try {
            migrate(settings);
            StatementErrors statementErrors = new StatementErrors();
            return new PostgresDatabase(pool, sessionFactory(pool, businessMappers, statementErrors), statementErrors);
        } catch (RuntimeException failure) {
            pool.close();
            throw failure;
        }
    }

    private static HikariDataSource connect(PostgresSettings settings) {
        try {
            return new HikariDataSource(poolConfig(settings));
        } catch (HikariPool.PoolInitializationException unreachable) {
            Throwable reason = unreachable.getCause() == null ? unreachable : unreachable.getCause();
            throw new DatabaseUnreachableException("no PostgreSQL answered at " + settings.redactedUrl()
                    + " as user '" + settings.user() + "': " + reason.getMessage(), unreachable);
        }
    }

    private static boolean holdsLedger(DataSource pool) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT to_regclass('processed_events') IS NOT NULL");
             ResultSet answer = statement.executeQuery()) {
            answer.next();
            boolean holds = answer.getBoolean(1);
            connection.rollback();
            return holds;
        } catch (SQLException failure) {
            throw new IllegalStateException("could not look for the ledger table: " + failure.getMessage(), failure);
        }
    }

    private static HikariConfig poolConfig(PostgresSettings settings) {
        DatabaseTimeouts timeouts = settings.timeouts();
        HikariConfig config = new HikariConfig();
        config.setPoolName("event-idempotency");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        // The schema goes into the connection's start-up parameters. HikariCP's setSchema would issue
        // SET search_path inside the connection's first transaction (autoCommit is off), and a first
        // unit of work that rolls back would roll the SET back with it: that connection would then
        // work in "$user", public.
        config.addDataSourceProperty("currentSchema", settings.schema());
        timeouts.driverProperties().forEach(config::addDataSourceProperty);
        // Every execution is planned with its own parameters and the tables' current size. A cached
        // generic plan made while the ledger was nearly empty would otherwise keep scanning it whole
        // for each duplicate's fingerprint until the next ANALYZE (which never comes where autovacuum
        // is off). A start-up parameter, like the schema and the server's timeouts, so no rollback can undo it.
        config.addDataSourceProperty("options", "-c plan_cache_mode=force_custom_plan " + timeouts.serverOptions());
        config.setMaximumPoolSize(settings.poolSize());
        // Every unit of work is an explicit transaction; the pool resets this on return too.
        config.setAutoCommit(false);
        config.setConnectionTimeout(timeouts.poolWait().toMillis());
        // HikariCP checks a connection it hands out within this; it may not exceed the wait for one.
        config.setValidationTimeout(Math.min(timeouts.poolWait().toMillis(), Duration.ofSeconds(5).toMillis()));
        // Fail at start-up with the driver's own message rather than on the first event.
        config.setInitializationFailTimeout(1);
        return config;
    }

    /**
     * Runs the migrations as the migration user, the tables' owner. The placeholder {@value #RUNTIME_ROLE}
     * names the service's user, to whom each migration grants the rights on its tables that the service's
     * statements need.
     */
    private static void migrate(PostgresSettings settings) {
        FluentConfiguration flyway = Flyway.configure()
                .schemas(settings.schema())
                .locations("classpath:db/migration")
                .placeholders(Map.of(RUNTIME_ROLE, settings.user()))
                .dataSource(migrationConnections(settings));
        try {
            flyway.load().migrate();
        } catch (FlywayException failed) {
            throw new IllegalStateException("migrating schema '" + settings.schema() + "' as user '"
                    + settings.migrationUser() + "' failed: " + failed.getMessage(), failed);
        }
    }

    /**
     * Connections of the migrations' own, never the pool's: a migration that builds an index on a large
     * table may run for longer than the service's statement, lock and socket timeouts allow, and must not
     * be cut off half-way. Opening one is bounded all the same.
     */
    private static DataSource migrationConnections(PostgresSettings settings) {
        PGSimpleDataSource connections = new PGSimpleDataSource();
        connections.setURL(settings.jdbcUrl());
        connections.setUser(settings.migrationUser());
        connections.setPassword(settings.migrationPassword());
        connections.setConnectTimeout((int) settings.timeouts().connect().toSeconds());
        connections.setTcpKeepAlive(true);
        return connections;
    }

    private static SqlSessionFactory sessionFactory(DataSource dataSource, List<Class<?>> businessMappers,
            StatementErrors statementErrors) {
        Properties transactionProperties = new Properties();
        transactionProperties.setProperty("skipSetAutoCommitOnClose", "true");
        JdbcTransactionFactory transactions = new JdbcTransactionFactory();
        transactions.setProperties(transactionProperties);

        Configuration configuration = new Configuration(new Environment("service", transactions, dataSource));
        // A session-wide cache could answer a repeated claim without asking the database.
        configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
        configuration.setCacheEnabled(false);
        // Statement logs under "sql.", apart from the service's own loggers: LOG_LEVEL=DEBUG shows
        // each skipped duplicate without every SQL statement, which SQL_LOG_LEVEL=DEBUG adds.
        configuration.setLogPrefix("sql.");
        // What a statement's error was, for the unit of work that finds its transaction aborted.
        configuration.addInterceptor(statementErrors);
        configuration.addMapper(ProcessedEventMapper.class);
        configuration.addMapper(LedgerMapper.class);
        configuration.addMapper(OutboxMapper.class);
        configuration.addMapper(EventOutboxMapper.class);
        configuration.addMapper(ConsumedPositionMapper.class);
        businessMappers.forEach(configuration::addMapper);
        return new SqlSessionFactoryBuilder().build(configuration);
    }
}
