package dev.eventidempotency.bootstrap.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.bootstrap.local.LocalKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Where Docker runs, the tests use containers; where it does not, the local servers. Both must be
 * the same versions, or a test could pass on a laptop and fail in CI: this pins the images to them.
 */
class ContainerImagesIT {

    private static final Pattern KAFKA_BROKER_JAR = Pattern.compile("kafka_2\\.13-([0-9.]+)\\.jar");

    @Test
    void theKafkaImageIsTheVersionOfTheForkedBroker() throws IOException {
        Path classpathFile = Path.of(System.getProperty(LocalKafkaBroker.CLASSPATH_FILE_PROPERTY));
        Matcher brokerJar = KAFKA_BROKER_JAR.matcher(Files.readString(classpathFile));

        assertThat(brokerJar.find()).as("the broker's jar in %s", classpathFile).isTrue();
        assertThat(TestKafka.CONTAINER_IMAGE).isEqualTo("apache/kafka:" + brokerJar.group(1));
    }

    @Test
    void thePostgresImageIsTheMajorVersionOfTheServerTheTestsUse() {
        try (TestDatabase db = TestPostgres.freshDatabase()) {
            long serverMajor = db.count("SELECT current_setting('server_version_num')::int / 10000");

            assertThat(TestPostgres.CONTAINER_IMAGE).startsWith("postgres:" + serverMajor + ".");
        }
    }
}
