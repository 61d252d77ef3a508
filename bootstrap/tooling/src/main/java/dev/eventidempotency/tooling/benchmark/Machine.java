package dev.eventidempotency.tooling.benchmark;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Where the figures were measured: they mean little without it. */
record Machine(int cores, long memoryMiB, String os, String jvm, long maxHeapMiB, String postgres, String kafkaClients) {

    static Machine describe(PostgresSettings database) throws SQLException {
        var system = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                system.getTotalMemorySize() / (1024 * 1024),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + Runtime.version(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                postgresVersion(database),
                kafkaClientsVersion());
    }

    // The clients jar ships its version as a resource; the class that reads it is internal to Kafka.
    private static String kafkaClientsVersion() {
        try (InputStream resource = Machine.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            Properties version = new Properties();
            if (resource != null) {
                version.load(resource);
            }
            return version.getProperty("version", "unknown");
        } catch (IOException unreadable) {
            return "unknown";
        }
    }

    private static String postgresVersion(PostgresSettings database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("SHOW server_version")) {
            version.next();
            return version.getString(1);
        }
    }
}
