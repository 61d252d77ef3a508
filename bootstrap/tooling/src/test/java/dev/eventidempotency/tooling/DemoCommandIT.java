package dev.eventidempotency.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.bootstrap.Main;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's main job, against the test servers: its report shows duplicates skipped and counts that
 * agree, down the chain to the downstream service's.
 */
class DemoCommandIT {

    @Test
    void theDemoReportsExactlyOnceEffects() {
        PostgresSettings database = TestPostgres.server();
        StringWriter out = new StringWriter();
        CommandLine demo = Main.commandLine(new Tools(), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "DB_URL", database.jdbcUrl(), "DB_USER", database.user(), "DB_PASSWORD", database.password()));
        demo.setOut(new PrintWriter(out, true));

        int exitCode = demo.execute("demo", "--demo-events", "400", "--demo-duplicates", "100");

        assertThat(exitCode).as(out.toString()).isZero();
        assertThat(out.toString())
                .containsPattern("distinct events +300")
                .containsPattern("duplicates skipped +100")
                .containsPattern("rows in users +300")
                .containsPattern("users_registered counter +300")
                .containsPattern("ledger rows \\(processed_events\\) +300")
                .contains("processed more than once (note's query) none")
                .containsPattern("events published \\(event outbox\\) +300")
                .containsPattern("events handed to the broker +300")
                .containsPattern("welcome-stats consumed user-registered-demo-\\d+:")
                .containsPattern("registrations heard \\(counter\\) +300")
                .contains("Exactly once: every distinct event has exactly one effect, one welcome e-mail and one downstream");
    }

    @Test
    void withoutADatabaseTheDemoSaysSoAndHowToPointItAtOne() {
        StringWriter err = new StringWriter();
        CommandLine demo = Main.commandLine(new Tools(), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(), "DB_URL", "jdbc:postgresql://127.0.0.1:1/none"));
        demo.setErr(new PrintWriter(err, true));

        assertThat(demo.execute("demo")).isEqualTo(1);
        assertThat(err.toString()).startsWith("No PostgreSQL answered at jdbc:postgresql://127.0.0.1:1/none")
                .contains("DB_URL=jdbc:postgresql://HOST:5432/DB DB_USER=USER");
    }
}
