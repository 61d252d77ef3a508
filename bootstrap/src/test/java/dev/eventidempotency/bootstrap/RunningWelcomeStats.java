package dev.eventidempotency.bootstrap;

import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.domain.idempotency.TopicName;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** The downstream sample service ({@code welcome-stats}) consuming on a thread of its own, for one test. */
public final class RunningWelcomeStats implements AutoCloseable {

    private final WelcomeStatsService service;
    private final Thread consumer;
    private final AtomicReference<Throwable> crash = new AtomicReference<>();

    private RunningWelcomeStats(WelcomeStatsService service) {
        this.service = service;
        this.consumer = new Thread(service::run, "test-welcome-stats");
        consumer.setUncaughtExceptionHandler((thread, failure) -> crash.set(failure));
        consumer.start();
    }

    /** On the Kafka and database of {@code upstream}, consuming {@code topic}. */
    public static RunningWelcomeStats start(ServiceSettings upstream, TopicName topic) {
        return new RunningWelcomeStats(WelcomeStatsService.wire(upstream, topic));
    }

    /** As the other {@code start}, traced by {@code openTelemetry}. */
    public static RunningWelcomeStats startTraced(ServiceSettings upstream, TopicName topic, OpenTelemetry openTelemetry) {
        return new RunningWelcomeStats(WelcomeStatsService.wire(upstream, topic, openTelemetry));
    }

    /** Records it skipped as duplicates: events its ledger had already claimed. */
    public long duplicatesSkipped() {
        return service.statistics().duplicatesSkipped();
    }

    @Override
    public void close() throws InterruptedException {
        service.stop();
        consumer.join(Duration.ofSeconds(30).toMillis());
        service.close();
        if (consumer.isAlive() || crash.get() != null) {
            throw new AssertionError("the downstream consumer did not stop cleanly", crash.get());
        }
    }
}
