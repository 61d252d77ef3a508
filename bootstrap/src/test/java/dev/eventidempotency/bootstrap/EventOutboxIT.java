package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.kafka.KafkaTopics;
import dev.eventidempotency.adapter.kafka.outbox.KafkaEventPublisher;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEventOutbox;
import dev.eventidempotency.application.outbox.OutboxRelay;
import dev.eventidempotency.application.outbox.ReceiverAvailability;
import dev.eventidempotency.application.outbox.RetrySchedule;
import dev.eventidempotency.application.outbox.port.in.RelayPass;
import dev.eventidempotency.application.outbox.port.out.OutboxSender;
import dev.eventidempotency.application.user.WelcomeEmails;
import dev.eventidempotency.bootstrap.config.MailOptions;
import dev.eventidempotency.bootstrap.guarantees.ServiceUnderTest;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.local.LocalKafkaBroker;
import dev.eventidempotency.bootstrap.outbox.ScheduledOutboxRelay;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.outbox.OutgoingEvent;
import dev.eventidempotency.domain.shared.EmailAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The chain end to end: the sample service consumes {@code UserCreated} from the real broker, records a
 * {@code UserRegistered} in the event outbox with its effects, the relay publishes it, and a second
 * service from the template ({@code welcome-stats}) consumes it with the same inbox.
 */
class EventOutboxIT extends EndToEndTest {

    /** Quick enough for a test, patient enough that no event is parked while its broker is merely away. */
    private static final RetrySchedule QUICK_RETRIES = new RetrySchedule(Duration.ofMillis(200), Duration.ofSeconds(1), 1_000);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** A producer that gives up on a broker that is away within seconds, not the relay's default tens of seconds. */
    private static final Map<String, String> QUICK_GIVE_UP = Map.of("max.block.ms", "2000", "request.timeout.ms", "2000",
            "delivery.timeout.ms", "4000");
    private static final ServiceName SERVICE = new ServiceName("user-service");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nDistinctRegistrationsGiveExactlyNDownstreamEffects() throws Exception {
        String registrations = TestKafka.freshTopic("registrations", 3);
        TopicName registered = new TopicName(TestKafka.freshTopic("registered", 3));
        DemoEventStream.of(300, 100, 17).publishTo(TestKafka.bootstrapServers(), registrations);
        ServiceUnderTest upstream = ServiceUnderTest.of(SERVICE.value(), registrations, db);

        try (RunningService service = upstream.inProcess(CompositionRoot.sampleHandler(welcomeEmails(), registered));
             ScheduledOutboxRelay relay = relayTo(TestKafka.bootstrapServers(), registered);
             RunningWelcomeStats stats = RunningWelcomeStats.start(upstream.settings(), registered)) {
            service.awaitAccountedFor(300);
            await().atMost(PATIENCE).until(() -> heard() >= 200);
            assertThat(relay.backlog().sent()).isLessThanOrEqualTo(200);
        }

        assertThat(heard()).isEqualTo(200);
        assertThat(db.count("SELECT count(*) FROM processed_events WHERE service_name = 'welcome-stats'")).isEqualTo(200);
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE status = 'sent'")).isEqualTo(200);
        List<JsonNode> published = envelopes(registered.value(), 200);
        assertThat(published).hasSize(200);
        assertThat(published.stream().map(event -> event.get("eventId").asText()).distinct()).hasSize(200);
        assertThat(published.stream().map(event -> event.get("payload").get("userId").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(db.query("SELECT user_id::text FROM users"));
    }

    @Test
    void aBrokerThatIsAwayDelaysTheEventsButNotConsumption() throws Exception {
        String registrations = TestKafka.freshTopic("registrations-away", 3);
        TopicName registered = new TopicName("registered-away");
        DemoEventStream.of(50, 0, 5).publishTo(TestKafka.bootstrapServers(), registrations);
        ServiceUnderTest upstream = ServiceUnderTest.of(SERVICE.value(), registrations, db);

        try (LocalKafkaBroker downstreamBroker = LocalKafkaBroker.start()) {
            KafkaTopics.createIfMissing(KafkaConnection.to(downstreamBroker.bootstrapServers()), registered.value(), 3);
            // The relay starts while the broker is there: a start against a broker that is away waits for the
            // topic check's own bound (a minute) before it goes on, which tells nothing more here.
            try (ScheduledOutboxRelay relay = relayTo(new KafkaConnection(downstreamBroker.bootstrapServers(), QUICK_GIVE_UP),
                    registered)) {
                downstreamBroker.kill();
                try (RunningService service = upstream.inProcess(CompositionRoot.sampleHandler(welcomeEmails(), registered))) {
                    service.awaitAccountedFor(50);
                    assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(50);
                    await().atMost(PATIENCE).until(() -> !relay.receiverAvailable()
                            && db.count("SELECT count(*) FROM outbox_events WHERE failed_attempts >= 1") > 0);
                    assertThat(db.count("SELECT count(*) FROM outbox_events WHERE status = 'pending'")).isEqualTo(50);

                    downstreamBroker.restart();
                    await().atMost(PATIENCE).until(
                            () -> db.count("SELECT count(*) FROM outbox_events WHERE status = 'sent'") == 50);
                    assertThat(relay.receiverAvailable()).isTrue();
                }
            }
            try (RunningWelcomeStats stats = RunningWelcomeStats.start(
                    upstream.withKafka(downstreamBroker.bootstrapServers()).settings(), registered)) {
                await().atMost(PATIENCE).until(() -> heard() >= 50);
            }
        }
        assertThat(heard()).isEqualTo(50);
    }

    @Test
    void theRelayCreatesTheTopicItPublishesToWhenTheBrokerDoesNotAutoCreateIt() {
        TopicName missing = new TopicName("registered-missing-" + UUID.randomUUID().toString().substring(0, 8));
        OutgoingEvent event = new OutgoingEvent(new EventId("first-on-a-new-topic"), missing, "u1", "Counted",
                Instant.now(), Map.of("seq", "1"));
        db.database().unitOfWork().inTransaction(transaction -> {
            new MyBatisEventOutbox().record(transaction, List.of(event));
            return null;
        });

        try (ScheduledOutboxRelay relay = relayTo(TestKafka.bootstrapServers(), missing)) {
            await().atMost(PATIENCE).until(() -> db.count("SELECT count(*) FROM outbox_events WHERE status = 'sent'") == 1);
        }

        assertThat(envelopes(missing.value(), 1)).singleElement()
                .satisfies(published -> assertThat(published.get("eventId").asText()).isEqualTo("first-on-a-new-topic"));
    }

    @Test
    void eventsOfOneKeyStayInOrderWhileAnotherRelayPublishesAllItCan() throws Exception {
        TopicName topic = new TopicName(TestKafka.freshTopic("ordered", 3));
        int keys = 10;
        int perKey = 20;
        MyBatisEventOutbox outbox = new MyBatisEventOutbox();
        for (int seq = 0; seq < perKey; seq++) {
            List<OutgoingEvent> round = new ArrayList<>();
            for (int key = 0; key < keys; key++) {
                round.add(new OutgoingEvent(new EventId("k" + key + "-" + seq), topic, "k" + key, "Counted", Instant.now(),
                        Map.of("seq", Integer.toString(seq))));
            }
            db.database().unitOfWork().inTransaction(transaction -> {
                outbox.record(transaction, round);
                return null;
            });
        }

        // The first relay, one event at a time, holds its first send until the second, in batches, has relayed
        // all it could meanwhile.
        CountDownLatch secondRelayDone = new CountDownLatch(1);
        AtomicBoolean firstIsSending = new AtomicBoolean();
        try (KafkaEventPublisher firstPublisher = publisher(); KafkaEventPublisher secondPublisher = publisher()) {
            OutboxSender<OutgoingEvent> heldOnce = (event, trace) -> {
                if (firstIsSending.compareAndSet(false, true)) {
                    awaitQuietly(secondRelayDone);
                }
                firstPublisher.send(event, trace);
            };
            CompletableFuture<RelayPass> first = CompletableFuture.supplyAsync(() -> relay(heldOnce, 1).relayDue());
            await().atMost(PATIENCE).untilTrue(firstIsSending);
            RelayPass second = relay(secondPublisher, MailOptions.DEFAULT_BATCH_SIZE).relayDue();
            secondRelayDone.countDown();
            RelayPass firstPass = first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            assertThat(firstPass.sent() + second.sent()).isEqualTo(keys * perKey);
            assertThat(firstPass.sent()).as("the first relay, held on one key, sent that key's events").isEqualTo(perKey);
        }

        Map<String, List<Integer>> seqByKey = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TestKafka.readFromBeginning(topic.value(), keys * perKey)) {
            seqByKey.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), key -> new ArrayList<>())
                    .add(envelope(record).get("payload").get("seq").asInt());
        }
        List<Integer> inOrder = IntStream.range(0, perKey).boxed().toList();
        assertThat(seqByKey).hasSize(keys).allSatisfy((key, seqs) -> assertThat(seqs).as(key).isEqualTo(inOrder));
    }

    @Test
    void aBatchWithOneRecordTheBrokerRefusesParksOnlyThatEventAndPublishesTheOthers() throws Exception {
        TopicName topic = new TopicName(TestKafka.freshTopic("one-refused", 3));
        String tooLarge = "x".repeat(2 * 1024 * 1024);
        List<OutgoingEvent> events = List.of(
                new OutgoingEvent(new EventId("small-1"), topic, "k1", "Counted", Instant.now(), Map.of("seq", "1")),
                new OutgoingEvent(new EventId("too-large"), topic, "k2", "Counted", Instant.now(), Map.of("blob", tooLarge)),
                new OutgoingEvent(new EventId("small-3"), topic, "k3", "Counted", Instant.now(), Map.of("seq", "3")));
        db.database().unitOfWork().inTransaction(transaction -> {
            new MyBatisEventOutbox().record(transaction, events);
            return null;
        });

        RelayPass pass;
        try (KafkaEventPublisher publisher = publisher()) {
            pass = relay(publisher, MailOptions.DEFAULT_BATCH_SIZE).relayDue();
        }

        assertThat(pass).isEqualTo(new RelayPass(2, 0, 1));
        assertThat(db.query("SELECT event_id || ' ' || status FROM outbox_events WHERE topic = ? ORDER BY event_id",
                topic.value())).containsExactly("small-1 sent", "small-3 sent", "too-large parked");
        assertThat(TestKafka.readFromBeginning(topic.value(), 2)).extracting(record -> envelope(record).get("eventId").asText())
                .containsExactlyInAnyOrder("small-1", "small-3");
    }

    private static OutboxRelay<OutgoingEvent, EventId> relay(OutboxSender<OutgoingEvent> sender, int batchSize) {
        return new OutboxRelay<>(db.database().unitOfWork(), new MyBatisEventOutbox(), sender, QUICK_RETRIES,
                Duration.ofMinutes(5), batchSize, new ReceiverAvailability("the Kafka broker", Clock.systemUTC()),
                Clock.systemUTC());
    }

    private static KafkaEventPublisher publisher() {
        return KafkaEventPublisher.connect(KafkaConnection.to(TestKafka.bootstrapServers()), SERVICE);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the second relay did not finish");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private ScheduledOutboxRelay relayTo(String bootstrapServers, TopicName topic) {
        return relayTo(KafkaConnection.to(bootstrapServers), topic);
    }

    private ScheduledOutboxRelay relayTo(KafkaConnection kafka, TopicName topic) {
        return CompositionRoot.startEventRelay(db.database(), kafka, SERVICE, List.of(topic), Duration.ofMillis(100),
                QUICK_RETRIES, MailOptions.DEFAULT_BATCH_SIZE);
    }

    private static long heard() {
        return db.count("SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'registrations_heard'");
    }

    private static WelcomeEmails welcomeEmails() {
        return new WelcomeEmails(new EmailAddress(MailOptions.DEFAULT_SENDER));
    }

    private static List<JsonNode> envelopes(String topic, int expected) {
        return TestKafka.readFromBeginning(topic, expected).stream().map(EventOutboxIT::envelope).toList();
    }

    private static JsonNode envelope(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
