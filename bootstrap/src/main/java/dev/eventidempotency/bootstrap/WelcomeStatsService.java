package dev.eventidempotency.bootstrap;

import dev.eventidempotency.adapter.kafka.KafkaEventListener;
import dev.eventidempotency.adapter.kafka.ListenerStatistics;
import dev.eventidempotency.adapter.kafka.json.JsonEventDecoder;
import dev.eventidempotency.adapter.kafka.user.UserRegisteredPayloadReader;
import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.adapter.postgres.PostgresFailureClassifier;
import dev.eventidempotency.adapter.postgres.idempotency.MyBatisProcessedEventLedger;
import dev.eventidempotency.adapter.postgres.position.MyBatisConsumedPositions;
import dev.eventidempotency.adapter.postgres.user.MyBatisRegistrationCounter;
import dev.eventidempotency.application.idempotency.IdempotentBatchProcessor;
import dev.eventidempotency.application.idempotency.KeepConsumedPositions;
import dev.eventidempotency.application.user.UserRegisteredHandler;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.user.UserRegistered;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;

/**
 * The downstream sample, a second service built from this template: {@code welcome-stats} consumes
 * the {@code UserRegistered} events the sample service publishes, through the same inbox (its own rows
 * in the ledger), and counts them in {@code counters.registrations_heard}. The demo and the tests run
 * it beside the sample to show the chain: exactly once in, exactly once out, exactly once in again.
 */
public final class WelcomeStatsService implements AutoCloseable {

    public static final ServiceName SERVICE = new ServiceName("welcome-stats");

    private final PostgresDatabase database;
    private final KafkaEventListener<UserRegistered> listener;

    private WelcomeStatsService(PostgresDatabase database, KafkaEventListener<UserRegistered> listener) {
        this.database = database;
        this.listener = listener;
    }

    /** On the sample's Kafka and database ({@code upstream}), consuming the topic the sample publishes to. */
    public static WelcomeStatsService wire(ServiceSettings upstream) {
        return wire(upstream, CompositionRoot.USER_REGISTERED_TOPIC);
    }

    /** Consuming {@code topic}: for tests, each with a topic of its own. */
    public static WelcomeStatsService wire(ServiceSettings upstream, TopicName topic) {
        return wire(upstream, topic, OpenTelemetry.noop());
    }

    /** Consuming {@code topic}, traced by {@code openTelemetry}: a span per partition's records of a poll. */
    public static WelcomeStatsService wire(ServiceSettings upstream, TopicName topic, OpenTelemetry openTelemetry) {
        ServiceSettings settings = upstream.downstream(SERVICE, topic);
        PostgresDatabase database = PostgresDatabase.open(settings.postgres(), CompositionRoot.BUSINESS_MAPPERS);
        try {
            IdempotentBatchProcessor<UserRegistered> heard = new IdempotentBatchProcessor<>(SERVICE, database.unitOfWork(),
                    new MyBatisProcessedEventLedger(),
                    new UserRegisteredHandler(new MyBatisRegistrationCounter(MyBatisRegistrationCounter.HEARD_COUNTER_NAME)),
                    new PostgresFailureClassifier());
            return new WelcomeStatsService(database, KafkaEventListener.create(settings.kafka(),
                    new JsonEventDecoder<>(Map.of(UserRegistered.TYPE, new UserRegisteredPayloadReader())), heard,
                    new KeepConsumedPositions(SERVICE, database.unitOfWork(), new MyBatisConsumedPositions()),
                    openTelemetry));
        } catch (RuntimeException failure) {
            database.close();
            throw failure;
        }
    }

    /** Consumes until {@link #stop()}; returns after the last offsets are committed. */
    public void run() {
        listener.run();
    }

    public void stop() {
        listener.stop();
    }

    public ListenerStatistics statistics() {
        return listener.statistics();
    }

    @Override
    public void close() {
        database.close();
    }
}
