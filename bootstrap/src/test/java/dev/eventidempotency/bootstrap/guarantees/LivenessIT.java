package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.bootstrap.StallingRun;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /health/live} tells an orchestrator to restart a process whose poll loop is stuck: here a
 * handler that does not return, past a short {@code LIVENESS_TIMEOUT}; and it is UP again once the
 * loop comes round.
 */
class LivenessIT extends EndToEndTest {

    private static final String SERVICE = "liveness-service";
    private static final Pattern MANAGEMENT_URL = Pattern.compile("Metrics and health at http://[^:]+:(\\d+)/metrics");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aPollLoopStuckPastTheLivenessTimeoutTurnsLiveDownUntilItComesRoundAgain() throws Exception {
        String topic = TestKafka.freshTopic("liveness", 3);
        Path blockFile = Files.createTempFile("handler-blocked", ".flag");
        ServiceUnderTest service = ServiceUnderTest.of(SERVICE, topic, db);

        try (ServiceProcess stuck = service.testMain(StallingRun.class,
                Map.of("HANDLER_BLOCK_FILE", blockFile.toString(), "LIVENESS_TIMEOUT", "3s"))) {
            int port = await().atMost(Duration.ofSeconds(60)).until(() -> managementPort(stuck), found -> found > 0);
            await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/health/ready").statusCode() == 200);
            assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);

            DemoEventStream.of(30, 0, 3).publishTo(TestKafka.bootstrapServers(), topic);
            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/health/live").statusCode() == 503);
            assertThat(get(port, "/health/live").body()).isEqualTo("{\"status\":\"DOWN\",\"pollLoop\":\"DOWN\"}");
            stuck.assertAlive();

            Files.delete(blockFile);
            await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/health/live").statusCode() == 200);
            assertThat(get(port, "/health/live").body()).isEqualTo("{\"status\":\"UP\",\"pollLoop\":\"UP\"}");
            await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM processed_events") == 30);
            assertThat(stuck.terminate()).as(stuck.logTail()).isZero();
            assertThat(stuck.log()).contains("The poll loop has not come round for");
        } finally {
            Files.deleteIfExists(blockFile);
        }
    }

    private static int managementPort(ServiceProcess process) {
        Matcher url = MANAGEMENT_URL.matcher(process.log());
        return url.find() ? Integer.parseInt(url.group(1)) : 0;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
