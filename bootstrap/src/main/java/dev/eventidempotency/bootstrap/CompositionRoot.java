package dev.eventidempotency.bootstrap;

import dev.eventidempotency.adapter.kafka.EventDecoder;
import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.kafka.KafkaConsumerGroupOffsets;
import dev.eventidempotency.adapter.kafka.KafkaEventListener;
import dev.eventidempotency.adapter.kafka.KafkaListenerSettings;
import dev.eventidempotency.adapter.kafka.KafkaTopics;
import dev.eventidempotency.adapter.kafka.ListenerStatistics;
import dev.eventidempotency.adapter.kafka.RetryBackoff;
import dev.eventidempotency.adapter.kafka.cloudevents.CloudEventDecoder;
import dev.eventidempotency.adapter.kafka.cloudevents.CloudEventOrNativeDecoder;
import dev.eventidempotency.adapter.kafka.json.JsonEventDecoder;
import dev.eventidempotency.adapter.kafka.json.PayloadReader;
import dev.eventidempotency.adapter.kafka.outbox.KafkaEventPublisher;
import dev.eventidempotency.adapter.kafka.user.UserCreatedPayloadReader;
import dev.eventidempotency.adapter.postgres.PostgresDatabase;
import dev.eventidempotency.adapter.postgres.PostgresFailureClassifier;
import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.TracedUnitOfWork;
import dev.eventidempotency.adapter.postgres.idempotency.MyBatisProcessedEventLedger;
import dev.eventidempotency.adapter.postgres.ledger.MyBatisLedgerInspection;
import dev.eventidempotency.adapter.postgres.ledger.MyBatisLedgerMaintenance;
import dev.eventidempotency.adapter.postgres.ledger.PostgresPurgeLock;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEmailOutbox;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEventOutbox;
import dev.eventidempotency.adapter.postgres.position.MyBatisConsumedPositions;
import dev.eventidempotency.adapter.postgres.user.MyBatisRegistrationCounter;
import dev.eventidempotency.adapter.postgres.user.MyBatisUserRepository;
import dev.eventidempotency.adapter.postgres.user.UserMapper;
import dev.eventidempotency.adapter.smtp.SmtpEmailSender;
import dev.eventidempotency.application.idempotency.IdempotentBatchProcessor;
import dev.eventidempotency.application.idempotency.KeepConsumedPositions;
import dev.eventidempotency.application.idempotency.KeyOrderedPerEventProcessor;
import dev.eventidempotency.application.idempotency.PerEventProcessor;
import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.ledger.ForgetProcessedEvent;
import dev.eventidempotency.application.ledger.LedgerLookup;
import dev.eventidempotency.application.ledger.PurgeOldLedgerRows;
import dev.eventidempotency.application.ledger.RewindConsumerGroup;
import dev.eventidempotency.application.ledger.port.in.ForgetEventUseCase;
import dev.eventidempotency.application.ledger.port.in.LedgerQueries;
import dev.eventidempotency.application.ledger.port.in.PurgeLedgerUseCase;
import dev.eventidempotency.application.ledger.port.in.ReplayPlan;
import dev.eventidempotency.application.ledger.port.in.ReplayRequest;
import dev.eventidempotency.application.observability.LatencyHistogram;
import dev.eventidempotency.application.observability.TimedEventHandler;
import dev.eventidempotency.application.outbox.OutboxRelay;
import dev.eventidempotency.application.outbox.ReceiverAvailability;
import dev.eventidempotency.application.outbox.RetrySchedule;
import dev.eventidempotency.application.outbox.port.out.OutboxInspection;
import dev.eventidempotency.application.user.UserCreatedHandler;
import dev.eventidempotency.application.user.UserRegisteredEvents;
import dev.eventidempotency.application.user.WelcomeEmails;
import dev.eventidempotency.bootstrap.config.EventFormat;
import dev.eventidempotency.bootstrap.config.MailSettings;
import dev.eventidempotency.bootstrap.config.ServiceSettings;
import dev.eventidempotency.bootstrap.outbox.ScheduledOutboxRelay;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.user.UserCreated;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every use case of the service and of its commands is built here on its
 * adapters, by plain constructors; the commands see ports only. Read top to bottom: the consumer
 * ({@link #wire}), then the outbox relay, the ledger's and the outbox's operations, and the replay.
 * It is also the seam between the template and the business it runs, the one place that names the
 * business: its handler ({@link #sampleHandler}), its payload readers ({@link #userEventDecoder()})
 * and its MyBatis mappers ({@link #BUSINESS_MAPPERS}). A fork points those three at its own
 * business (docs/fork-guide.md, step 4).
 */
public final class CompositionRoot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CompositionRoot.class);

    /** Where the sample publishes a {@code UserRegistered} for each registration that took effect. */
    public static final TopicName USER_REGISTERED_TOPIC = new TopicName("user-registered");

    /** The mappers of the business's repositories, registered beside the ledger's own. */
    static final List<Class<?>> BUSINESS_MAPPERS = List.of(UserMapper.class);

    private final PostgresDatabase database;
    private final KafkaEventListener<UserCreated> listener;
    private final LatencyHistogram handlerDurations;
    /** Per-event mode's key lanes, when {@code KEY_CONCURRENCY} is above 1. */
    private final Optional<KeyLanes> lanes;

    private CompositionRoot(PostgresDatabase database, KafkaEventListener<UserCreated> listener,
            LatencyHistogram handlerDurations, Optional<KeyLanes> lanes) {
        this.database = database;
        this.listener = listener;
        this.handlerDurations = handlerDurations;
        this.lanes = lanes;
    }

    /**
     * Migrates the database and connects to Kafka; {@link #run()} then consumes. The welcome e-mails
     * the sample handler queues are delivered by the outbox relay, which the caller runs apart.
     */
    public static CompositionRoot wire(ServiceSettings settings, WelcomeEmails welcomeEmails) {
        return wire(settings, sampleHandler(welcomeEmails));
    }

    /** The sample business on its MyBatis adapters. */
    public static EventHandler<UserCreated> sampleHandler(WelcomeEmails welcomeEmails) {
        return sampleHandler(welcomeEmails, USER_REGISTERED_TOPIC);
    }

    /** Publishing its {@code UserRegistered} events to {@code registrations}: for tests, each with a topic of its own. */
    public static EventHandler<UserCreated> sampleHandler(WelcomeEmails welcomeEmails, TopicName registrations) {
        return new UserCreatedHandler(new MyBatisUserRepository(), new MyBatisRegistrationCounter(),
                new MyBatisEmailOutbox(), welcomeEmails,
                new MyBatisEventOutbox(), new UserRegisteredEvents(registrations));
    }

    /** With another handler in the sample's place: for tests that inject faults around the real one. */
    static CompositionRoot wire(ServiceSettings settings, EventHandler<UserCreated> handler) {
        return wire(settings, handler, OpenTelemetry.noop());
    }

    /** Traced by {@code openTelemetry}: a span per partition's records of a poll, and one per unit of work. */
    public static CompositionRoot wire(ServiceSettings settings, EventHandler<UserCreated> handler,
            OpenTelemetry openTelemetry) {
        return wire(settings, userEventDecoder(settings.eventFormat()), handler, UnaryOperator.identity(), openTelemetry);
    }

    /**
     * With the use case wrapped: for tests that inject a fault between the database commit and the
     * offset commit, which no handler can reach because it runs inside the transaction.
     */
    static CompositionRoot wire(ServiceSettings settings, EventHandler<UserCreated> handler,
            UnaryOperator<ProcessEventBatchUseCase<UserCreated>> around) {
        return wire(settings, userEventDecoder(settings.eventFormat()), handler, around, OpenTelemetry.noop());
    }

    /** With another decoder in the sample's place: for tests of payload readers that fail. */
    static CompositionRoot wire(ServiceSettings settings, EventDecoder<UserCreated> decoder, EventHandler<UserCreated> handler,
            UnaryOperator<ProcessEventBatchUseCase<UserCreated>> around) {
        return wire(settings, decoder, handler, around, OpenTelemetry.noop());
    }

    /**
     * With the listener's rests after a failure taken from {@code backoff}: for tests of incidents, which would
     * otherwise wait out the default's rests of up to 30 s once an incident is over.
     */
    static CompositionRoot wire(ServiceSettings settings, EventHandler<UserCreated> handler, RetryBackoff backoff) {
        return wire(settings, settings.kafka().withBackoff(backoff), userEventDecoder(settings.eventFormat()), handler,
                UnaryOperator.identity(), OpenTelemetry.noop());
    }

    private static CompositionRoot wire(ServiceSettings settings, EventDecoder<UserCreated> decoder,
            EventHandler<UserCreated> handler, UnaryOperator<ProcessEventBatchUseCase<UserCreated>> around,
            OpenTelemetry openTelemetry) {
        return wire(settings, settings.kafka(), decoder, handler, around, openTelemetry);
    }

    private static CompositionRoot wire(ServiceSettings settings, KafkaListenerSettings kafka, EventDecoder<UserCreated> decoder,
            EventHandler<UserCreated> handler, UnaryOperator<ProcessEventBatchUseCase<UserCreated>> around,
            OpenTelemetry openTelemetry) {
        PostgresSettings postgres = settings.postgres();
        // Each lane holds a connection while the poll thread waits for the lanes without one.
        PostgresDatabase database = PostgresDatabase.open(postgres.withPoolSize(postgres.poolSize() - 1
                + settings.keyConcurrency()), BUSINESS_MAPPERS);
        Optional<KeyLanes> lanes = settings.keyConcurrency() > 1 ? Optional.of(new KeyLanes(settings.keyConcurrency()))
                : Optional.empty();
        try {
            LatencyHistogram handlerDurations = new LatencyHistogram();
            ProcessEventBatchUseCase<UserCreated> registrations = around.apply(registrations(settings,
                    new TracedUnitOfWork(database.unitOfWork(), openTelemetry),
                    new TimedEventHandler<>(handler, handlerDurations), lanes));
            return new CompositionRoot(database, KafkaEventListener.create(kafka, decoder, registrations,
                    new KeepConsumedPositions(settings.service(), database.unitOfWork(), new MyBatisConsumedPositions()),
                    openTelemetry), handlerDurations, lanes);
        } catch (RuntimeException failure) {
            lanes.ifPresent(KeyLanes::close);
            database.close();
            throw failure;
        }
    }

    /** The JSON decoding of the sample's events: one payload reader per event type. */
    public static EventDecoder<UserCreated> userEventDecoder() {
        return userEventDecoder(EventFormat.NATIVE);
    }

    /**
     * In the envelope {@code EVENT_FORMAT} names. A CloudEvent's {@code type} is matched against the same
     * names as the native envelope's: a fork whose producers send {@code com.example.user.created} maps
     * that name to its reader here.
     */
    public static EventDecoder<UserCreated> userEventDecoder(EventFormat format) {
        Map<String, PayloadReader<? extends UserCreated>> readers = Map.of(UserCreated.TYPE, new UserCreatedPayloadReader());
        return switch (format) {
            case NATIVE -> new JsonEventDecoder<>(readers);
            case CLOUDEVENTS -> new CloudEventDecoder<>(readers);
            case AUTO -> new CloudEventOrNativeDecoder<>(new CloudEventDecoder<>(readers), new JsonEventDecoder<>(readers));
        };
    }

    private static ProcessEventBatchUseCase<UserCreated> registrations(ServiceSettings settings, UnitOfWork unitOfWork,
            EventHandler<UserCreated> handler, Optional<KeyLanes> lanes) {
        MyBatisProcessedEventLedger ledger = new MyBatisProcessedEventLedger();
        PostgresFailureClassifier failures = new PostgresFailureClassifier();
        return switch (settings.mode()) {
            case BATCH -> new IdempotentBatchProcessor<>(settings.service(), unitOfWork, ledger, handler, failures);
            // A batch waits for its lanes no longer than one poll's work may take.
            case PER_EVENT -> lanes.<ProcessEventBatchUseCase<UserCreated>>map(keyLanes -> KeyOrderedPerEventProcessor
                    .claimingFirst(settings.service(), unitOfWork, ledger, handler, failures, keyLanes,
                            settings.groupTimeouts().pollWorkLimit()))
                    .orElseGet(() -> PerEventProcessor.claimingFirst(settings.service(), unitOfWork, ledger, handler,
                            failures));
        };
    }

    /**
     * The relay of the e-mail outbox of {@code database}, delivering over SMTP as {@code settings} say.
     * A claimed e-mail is leased for as long as one delivery can take, so no other relay takes it while
     * this one still waits for the mail server, and one that dies leaves it to the others after that.
     */
    public static ScheduledOutboxRelay startOutboxRelay(PostgresDatabase database, MailSettings settings) {
        return startOutboxRelay(database, settings, OpenTelemetry.noop());
    }

    /** As the other {@code startOutboxRelay}, each send a span in the trace that queued the e-mail. */
    public static ScheduledOutboxRelay startOutboxRelay(PostgresDatabase database, MailSettings settings,
            OpenTelemetry openTelemetry) {
        SmtpEmailSender sender = new SmtpEmailSender(settings.smtp(), openTelemetry);
        ReceiverAvailability mailServer = new ReceiverAvailability("the mail server", Clock.systemUTC());
        Duration lease = settings.smtp().longestDelivery();
        MyBatisEmailOutbox emails = new MyBatisEmailOutbox();
        // One at a time: a batch goes to a mail server one e-mail after another, and its lease would have to
        // cover them all, so a relay that died would leave them for that long.
        OutboxRelay<?, ?> relay = new OutboxRelay<>(database.unitOfWork(), emails, sender, settings.retries(), lease, 1,
                mailServer, Clock.systemUTC());
        LOG.info("Relaying the e-mail outbox to {} every {}, parking after {} failed attempts, leasing each e-mail for {}",
                settings.smtp(), settings.relayInterval(), settings.retries().maxAttempts(), lease);
        return ScheduledOutboxRelay.start("emails", relay, database.unitOfWork(), emails, mailServer,
                settings.relayInterval(), sender);
    }

    /**
     * The relay of the event outbox of {@code database}, publishing to the broker of {@code kafka}
     * with an idempotent producer of its own, up to {@code batchSize} events at once. A batch is leased
     * for longer than the producer can take to send it, so two relays never publish one event at the same
     * time; the outbox keeps each key's events in order across relays. The {@code topics} it publishes to
     * are created first when missing.
     */
    public static ScheduledOutboxRelay startEventRelay(PostgresDatabase database, KafkaConnection kafka,
            ServiceName service, List<TopicName> topics, Duration interval, RetrySchedule retries, int batchSize) {
        return startEventRelay(database, kafka, service, topics, interval, retries, batchSize, OpenTelemetry.noop());
    }

    /** As the other {@code startEventRelay}, each publish a span in the trace that recorded the event. */
    public static ScheduledOutboxRelay startEventRelay(PostgresDatabase database, KafkaConnection kafka,
            ServiceName service, List<TopicName> topics, Duration interval, RetrySchedule retries, int batchSize,
            OpenTelemetry openTelemetry) {
        createTopicsIfMissing(kafka, topics);
        KafkaEventPublisher publisher = KafkaEventPublisher.connect(kafka, service, openTelemetry);
        ReceiverAvailability broker = new ReceiverAvailability("the Kafka broker", Clock.systemUTC());
        MyBatisEventOutbox events = new MyBatisEventOutbox();
        OutboxRelay<?, ?> relay = new OutboxRelay<>(database.unitOfWork(), events, publisher, retries, publisher.lease(),
                batchSize, broker, Clock.systemUTC());
        LOG.info("Relaying the event outbox to Kafka every {}, up to {} events at once, parking after {} failed attempts, "
                + "leasing each batch for {}", interval, batchSize, retries.maxAttempts(), publisher.lease());
        return ScheduledOutboxRelay.start("events", relay, database.unitOfWork(), events, broker, interval, publisher);
    }

    /**
     * Never ends the start: a topic the service may not create delays its events, which wait in the
     * outbox (the relay finds the broker unavailable, the lag grows) while consumption goes on.
     */
    private static void createTopicsIfMissing(KafkaConnection kafka, List<TopicName> topics) {
        try {
            KafkaTopics.createOutboundIfMissing(kafka, topics.stream().map(TopicName::value).toList());
        } catch (IllegalStateException failure) {
            LOG.error("The event relay cannot publish until its topic exists: {}. Consumption goes on; the events wait "
                    + "in the outbox and are retried with backoff (outbox_broker_available is 0)",
                    failure.getMessage());
        }
    }

    /** What the ledger holds: for {@code ledger show} and {@code ledger duplicates}. */
    public static LedgerQueries ledgerQueries(PostgresDatabase database) {
        return new LedgerLookup(database.unitOfWork(), new MyBatisLedgerInspection());
    }

    /** {@code ledger forget}: one event out of the ledger, with its removal recorded. */
    public static ForgetEventUseCase ledgerForgetting(PostgresDatabase database) {
        return new ForgetProcessedEvent(database.unitOfWork(), new MyBatisLedgerInspection(), new MyBatisLedgerMaintenance());
    }

    /** {@code ledger purge} and the scheduled retention of {@code run}. */
    public static PurgeLedgerUseCase ledgerPurging(PostgresDatabase database, PostgresSettings settings) {
        return new PurgeOldLedgerRows(database.unitOfWork(), new MyBatisLedgerInspection(), new MyBatisLedgerMaintenance(),
                List.of(new MyBatisEmailOutbox(), new MyBatisEventOutbox()), new PostgresPurgeLock(settings),
                Clock.systemUTC());
    }

    /** {@code outbox show} and {@code outbox retry}: the parked e-mails. */
    public static OutboxInspection<MessageId> emailOutboxInspection() {
        return new MyBatisEmailOutbox();
    }

    /** {@code outbox show --outbox events} and {@code outbox retry --outbox events}: the parked events. */
    public static OutboxInspection<EventId> eventOutboxInspection() {
        return new MyBatisEventOutbox();
    }

    /** {@code replay}: rewinds the stopped service's consumer group as {@code request} says. */
    public static ReplayPlan replay(KafkaConnection connection, ReplayRequest request) {
        try (KafkaConsumerGroupOffsets offsets = new KafkaConsumerGroupOffsets(connection)) {
            return new RewindConsumerGroup(offsets, Clock.systemUTC()).replay(request);
        }
    }

    /** How long the business handler took per call, inside the unit of work. */
    public LatencyHistogram handlerDurations() {
        return handlerDurations;
    }

    /** Consumes until {@link #stop()}; returns after the last offsets are committed. */
    public void run() {
        listener.run();
    }

    public void stop() {
        listener.stop();
    }

    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return listener.awaitStopped(timeout);
    }

    public ListenerStatistics statistics() {
        return listener.statistics();
    }

    /**
     * Alive: the poll loop came round within {@code limit}, and no batch has been at work longer. A loop or
     * batch stuck longer, in a handler or a wait that never ends, makes the process useless to its group;
     * the orchestrator restarts it.
     */
    public Map<String, Boolean> liveness(Duration limit) {
        Duration since = listener.statistics().sinceLoopCameRound();
        boolean coming = since.compareTo(limit) <= 0;
        if (!coming) {
            LOG.warn("The poll loop has not come round for {} s, longer than LIVENESS_TIMEOUT ({} s): /health/live answers "
                    + "DOWN", since.toSeconds(), limit.toSeconds());
        }
        return Map.of("pollLoop", coming);
    }

    /** Ready to work: the database answers, the consumer is a member of its group, and no environment failure lasts. */
    public Map<String, Boolean> readiness() {
        return Map.of("database", databaseAnswers(), "consumerGroup", listener.statistics().joinedGroup(),
                "environment", !listener.statistics().waitingForEnvironment());
    }

    private boolean databaseAnswers() {
        try (Connection connection = database.dataSource().getConnection()) {
            return connection.isValid(2);
        } catch (SQLException unreachable) {
            return false;
        }
    }

    /** For the ledger's operations on the service's own database, such as its scheduled retention. */
    public PostgresDatabase database() {
        return database;
    }

    /** For reports that read the tables; the service itself writes only through its unit of work. */
    public DataSource dataSource() {
        return database.dataSource();
    }

    @Override
    public void close() {
        lanes.ifPresent(KeyLanes::close);
        database.close();
    }
}
