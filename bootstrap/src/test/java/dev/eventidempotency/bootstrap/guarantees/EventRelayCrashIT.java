package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.kafka.outbox.KafkaEventPublisher;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEventOutbox;
import dev.eventidempotency.application.outbox.OutboxRelay;
import dev.eventidempotency.application.outbox.ReceiverAvailability;
import dev.eventidempotency.application.outbox.RetrySchedule;
import dev.eventidempotency.application.outbox.port.in.RelayPass;
import dev.eventidempotency.bootstrap.PausingOutboxRelay;
import dev.eventidempotency.bootstrap.PausingOutboxRelay.Step;
import dev.eventidempotency.bootstrap.RunningWelcomeStats;
import dev.eventidempotency.bootstrap.config.MailOptions;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.outbox.OutgoingEvent;
import dev.eventidempotency.domain.user.UserRegistered;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The event relay, a JVM of its own, killed with SIGKILL at each step of a publication, then started
 * again: no event is lost, no event of a key overtakes an earlier one, and
 * the only repeat, after the broker acknowledged and before the result was committed, carries the same
 * event id and is skipped by the downstream service's inbox: it counts each registration once.
 */
class EventRelayCrashIT extends EndToEndTest {

    private static final ServiceName SERVICE = new ServiceName("user-service");
    private static final String ADA = "00000000-0000-4000-8000-00000000000a";
    private static final String BOB = "00000000-0000-4000-8000-00000000000b";
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(Step.class)
    void aRelayKilledAtAnyStepLosesNoEventAndRepeatsOnlyWhatTheDownstreamInboxSkips(Step step) throws Exception {
        TopicName topic = new TopicName(TestKafka.freshTopic("registered-crash", 3));
        List<OutgoingEvent> events = List.of(registered("ada-1", topic, ADA), registered("ada-2", topic, ADA),
                registered("bob-1", topic, BOB));
        db.database().unitOfWork().inTransaction(transaction -> {
            new MyBatisEventOutbox().record(transaction, events);
            return null;
        });

        ServiceUnderTest relay = ServiceUnderTest.of(SERVICE.value(), "unused-topic", db);
        try (ServiceProcess paused = relay.testMain(PausingOutboxRelay.class,
                Map.of("PAUSE_AT", step.name(), "OUTBOX", "events"))) {
            paused.killOnceItPrints(PausingOutboxRelay.pausedAt(step), Duration.ofSeconds(60));
        }
        boolean acknowledgedBeforeTheCrash = step != Step.CLAIMED;
        boolean committedBeforeTheCrash = step == Step.COMMITTED;
        String deadRelaysBatch = committedBeforeTheCrash ? "sent" : "pending";
        assertThat(status("ada-1")).isEqualTo(deadRelaysBatch);
        assertThat(status("bob-1")).as("in the dead relay's batch: the first event of each key").isEqualTo(deadRelaysBatch);

        relayAgain(Duration.ZERO);
        assertThat(status("bob-1")).as("the dead relay's lease still holds it").isEqualTo(deadRelaysBatch);
        assertThat(status("ada-2")).as("ada-2 waits for ada-1, which the dead relay's lease still holds")
                .isEqualTo(deadRelaysBatch);
        relayAgain(leaseOfTheDeadRelay());
        assertThat(db.count("SELECT count(*) FROM outbox_events WHERE status = 'sent'")).isEqualTo(3);

        List<String> published = TestKafka.readAll(topic.value()).stream()
                .map(record -> envelope(record.value()).get("eventId").asText()).toList();
        // The dead relay's whole batch, ada-1 and bob-1, is repeated.
        int repeats = acknowledgedBeforeTheCrash && !committedBeforeTheCrash ? 2 : 0;
        assertThat(published).hasSize(3 + repeats).containsOnly(ids(events));
        assertThat(published.stream().filter(id -> isAda(id, events)).distinct())
                .as("Ada's events in the order recorded").containsExactly(ids(events.subList(0, 2)));

        try (RunningWelcomeStats stats = RunningWelcomeStats.start(relay.settings(), topic)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> heard() >= 3 && stats.duplicatesSkipped() >= repeats);
            assertThat(stats.duplicatesSkipped()).isEqualTo(repeats);
        }
        assertThat(heard()).isEqualTo(3);
    }

    /** A relay started {@code later} than now, leasing as the dead one did (the same producer settings). */
    private static RelayPass relayAgain(Duration later) {
        try (KafkaEventPublisher publisher = publisher()) {
            Clock clock = Clock.offset(Clock.systemUTC(), later);
            return new OutboxRelay<>(db.database().unitOfWork(), new MyBatisEventOutbox(), publisher, RetrySchedule.DEFAULT,
                    publisher.lease(), MailOptions.DEFAULT_BATCH_SIZE, new ReceiverAvailability("the Kafka broker", clock),
                    clock).relayDue();
        }
    }

    private static Duration leaseOfTheDeadRelay() {
        try (KafkaEventPublisher publisher = publisher()) {
            return publisher.lease();
        }
    }

    private static KafkaEventPublisher publisher() {
        return KafkaEventPublisher.connect(KafkaConnection.to(TestKafka.bootstrapServers()), SERVICE);
    }

    private static OutgoingEvent registered(String cause, TopicName topic, String userId) {
        return new OutgoingEvent(OutgoingEvent.idFor(new EventId(cause), "user-registered"), topic, userId,
                UserRegistered.TYPE, Instant.parse("2026-11-28T10:00:00Z"),
                Map.of("userId", userId, "email", cause + "@example.org", "name", cause));
    }

    private static String[] ids(List<OutgoingEvent> events) {
        return events.stream().map(event -> event.id().value()).toArray(String[]::new);
    }

    private static boolean isAda(String id, List<OutgoingEvent> events) {
        return events.stream().anyMatch(event -> event.id().value().equals(id) && event.key().equals(ADA));
    }

    private static String status(String cause) {
        return db.query("SELECT status FROM outbox_events WHERE event_id = ?",
                OutgoingEvent.idFor(new EventId(cause), "user-registered").value()).get(0);
    }

    private static long heard() {
        return db.count("SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'registrations_heard'");
    }

    private static JsonNode envelope(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
