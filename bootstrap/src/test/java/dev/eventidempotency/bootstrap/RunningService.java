package dev.eventidempotency.bootstrap;

import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.kafka.EventDecoder;
import dev.eventidempotency.adapter.kafka.GroupTimeouts;
import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.kafka.KafkaListenerSettings;
import dev.eventidempotency.adapter.kafka.ListenerStatistics;
import dev.eventidempotency.adapter.kafka.RetryBackoff;
import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.user.WelcomeEmails;
import dev.eventidempotency.bootstrap.config.MailOptions;
import dev.eventidempotency.bootstrap.config.ProcessingMode;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.shared.EmailAddress;
import dev.eventidempotency.domain.user.UserCreated;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** The wired service consuming on a thread of its own, as {@code run} does, for one test. */
public final class RunningService implements AutoCloseable {

    /** Small, so that tests can produce an oversized record cheaply. */
    static final int MAX_RECORD_BYTES = 64 * 1024;

    private final CompositionRoot service;
    private final Thread consumer;
    private final AtomicReference<Throwable> crash = new AtomicReference<>();

    private RunningService(CompositionRoot service) {
        this.service = service;
        this.consumer = new Thread(service::run, "test-consumer");
        consumer.setUncaughtExceptionHandler((thread, failure) -> crash.set(failure));
        consumer.start();
    }

    /** The sample service in the default (batch) mode. */
    static RunningService start(String service, String topic, TestDatabase database) {
        return start(ProcessingMode.BATCH, service, topic, database, sampleHandler());
    }

    static RunningService start(ProcessingMode mode, String service, String topic, TestDatabase database) {
        return start(mode, service, topic, database, sampleHandler());
    }

    static RunningService start(
            ProcessingMode mode, String service, String topic, TestDatabase database, EventHandler<UserCreated> handler) {
        return start(mode, service, topic, database, handler, KafkaListenerSettings.DEFAULT_MAX_ATTEMPTS);
    }

    static RunningService start(ProcessingMode mode, String service, String topic, TestDatabase database,
            EventHandler<UserCreated> handler, int maxAttempts) {
        return start(settings(mode, service, topic, database, maxAttempts), handler);
    }

    /** The sample service in batch mode, traced by {@code openTelemetry}. */
    static RunningService startTraced(String service, String topic, TestDatabase database, OpenTelemetry openTelemetry) {
        return startTraced(service, topic, database, openTelemetry, sampleHandler());
    }

    static RunningService startTraced(String service, String topic, TestDatabase database, OpenTelemetry openTelemetry,
            EventHandler<UserCreated> handler) {
        return new RunningService(CompositionRoot.wire(settings(ProcessingMode.BATCH, service, topic, database,
                KafkaListenerSettings.DEFAULT_MAX_ATTEMPTS), handler, openTelemetry));
    }

    private static ServiceSettings settings(ProcessingMode mode, String service, String topic, TestDatabase database,
            int maxAttempts) {
        return new ServiceSettings(new ServiceName(service), new TopicName(topic),
                KafkaConnection.to(TestKafka.bootstrapServers()), mode, KafkaListenerSettings.DEFAULT_MAX_POLL_RECORDS,
                maxAttempts, MAX_RECORD_BYTES, GroupTimeouts.KAFKA_DEFAULTS, TestPostgres.server().withSchema(database.schema()));
    }

    public static RunningService start(ServiceSettings settings, EventHandler<UserCreated> handler) {
        return new RunningService(CompositionRoot.wire(settings, handler));
    }

    /** Resting after a failure as {@code backoff} says, instead of the listener's default. */
    public static RunningService start(ServiceSettings settings, EventHandler<UserCreated> handler, RetryBackoff backoff) {
        return new RunningService(CompositionRoot.wire(settings, handler, backoff));
    }

    /** The sample service in batch mode, decoding with {@code decoder}. */
    static RunningService startDecodingWith(EventDecoder<UserCreated> decoder, String service, String topic,
            TestDatabase database) {
        ServiceSettings settings = new ServiceSettings(new ServiceName(service), new TopicName(topic),
                KafkaConnection.to(TestKafka.bootstrapServers()), ProcessingMode.BATCH,
                KafkaListenerSettings.DEFAULT_MAX_POLL_RECORDS, KafkaListenerSettings.DEFAULT_MAX_ATTEMPTS, MAX_RECORD_BYTES,
                GroupTimeouts.KAFKA_DEFAULTS, TestPostgres.server().withSchema(database.schema()));
        return new RunningService(CompositionRoot.wire(settings, decoder, sampleHandler(), UnaryOperator.identity()));
    }

    public static EventHandler<UserCreated> sampleHandler() {
        return CompositionRoot.sampleHandler(new WelcomeEmails(new EmailAddress(MailOptions.DEFAULT_SENDER)));
    }

    public ListenerStatistics statistics() {
        return service.statistics();
    }

    /** Waits until every one of {@code records} was processed, skipped or dead-lettered. */
    public void awaitAccountedFor(long records) {
        awaitAccountedFor(records, Duration.ofSeconds(90));
    }

    public void awaitAccountedFor(long records, Duration atMost) {
        await().atMost(atMost).until(() -> {
            assertAlive();
            ListenerStatistics done = statistics();
            return done.processed() + done.duplicatesSkipped() + done.deadLettered() >= records;
        });
    }

    /** Fails if the consumer thread has died: a service that must ride out a failure may not crash on it. */
    public void assertAlive() {
        if (crash.get() != null) {
            throw new AssertionError("the consumer thread died", crash.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        service.stop();
        consumer.join(Duration.ofSeconds(30).toMillis());
        service.close();
        if (consumer.isAlive()) {
            throw new AssertionError("the consumer did not stop within 30 s");
        }
        if (crash.get() != null) {
            throw new AssertionError("the consumer thread died", crash.get());
        }
    }
}
