package dev.eventidempotency.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventidempotency.adapter.postgres.idempotency.ProcessedEventMapper;
import dev.eventidempotency.adapter.postgres.user.UserMapper;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.LocalCacheScope;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;

/**
 * The service's PostgreSQL: a connection pool, its schema migrated by Flyway, and MyBatis on top.
 * Opening it migrates; closing it closes the pool.
 */
public final class PostgresDatabase implements AutoCloseable {

    private final HikariDataSource pool;
    private final MyBatisUnitOfWork unitOfWork;

    private PostgresDatabase(HikariDataSource pool, SqlSessionFactory sessions) {
        this.pool = pool;
        this.unitOfWork = new MyBatisUnitOfWork(sessions);
    }

    /** Connects, migrates the schema to the newest version, and fails fast if either is impossible. */
    public static PostgresDatabase open(PostgresSettings settings) {
        HikariDataSource pool = new HikariDataSource(poolConfig(settings));
        try {
            migrate(pool, settings.schema());
            return new PostgresDatabase(pool, sessionFactory(pool));
        } catch (RuntimeException failure) {
            pool.close();
            throw failure;
        }
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

    private static HikariConfig poolConfig(PostgresSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("event-idempotency");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setSchema(settings.schema());
        config.setMaximumPoolSize(settings.poolSize());
        // Every unit of work is an explicit transaction; the pool resets this on return too.
        config.setAutoCommit(false);
        config.setConnectionTimeout(10_000);
        // Fail at start-up with the driver's own message rather than on the first event.
        config.setInitializationFailTimeout(1);
        return config;
    }

    private static void migrate(DataSource dataSource, String schema) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    private static SqlSessionFactory sessionFactory(DataSource dataSource) {
        Properties transactionProperties = new Properties();
        transactionProperties.setProperty("skipSetAutoCommitOnClose", "true");
        JdbcTransactionFactory transactions = new JdbcTransactionFactory();
        transactions.setProperties(transactionProperties);

        Configuration configuration = new Configuration(new Environment("service", transactions, dataSource));
        // A session-wide cache could answer a repeated claim without asking the database.
        configuration.setLocalCacheScope(LocalCacheScope.STATEMENT);
        configuration.setCacheEnabled(false);
        configuration.addMapper(ProcessedEventMapper.class);
        configuration.addMapper(UserMapper.class);
        return new SqlSessionFactoryBuilder().build(configuration);
    }
}
