package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.kafka.DeadLetterTopic;
import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.bootstrap.config.ProcessingMode;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.UserCreated;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What happens to an event whose processing fails for good while the others go through: the
 * database rejects it (dead-lettered at once), or it fails for a reason nobody classified
 * (dead-lettered after MAX_ATTEMPTS). Either way the events after it are processed and nothing is
 * lost. A failure that hits every event sets none aside.
 */
class FailurePolicyIT extends EndToEndTest {

    @ParameterizedTest
    @EnumSource(ProcessingMode.class)
    void anEventTheDatabaseRejectsIsDeadLetteredAtOnceAndTheRestIsProcessed(ProcessingMode mode) throws Exception {
        String topic = TestKafka.freshTopic("rejected", 1);
        DemoEventStream stream = DemoEventStream.of(30, 0, 5);
        stream.publishTo(TestKafka.bootstrapServers(), topic);
        String rejectedId = stream.records().get(12).eventId();
        // The user of event 12 already exists under another event: its insert breaks the primary key.
        db.execute("INSERT INTO users (user_id, email, name, created_at) VALUES ('" + stream.records().get(12).userId()
                + "', 'earlier@example.org', 'Earlier', now())");

        try (RunningService service = RunningService.start(mode, "user-service", topic, db)) {
            service.awaitAccountedFor(30);
            assertThat(service.statistics().processed()).isEqualTo(29);
            assertThat(service.statistics().deadLettered()).isEqualTo(1);
            assertThat(service.statistics().retries()).isZero();
        }

        assertThat(db.count("SELECT count(*) FROM processed_events WHERE event_id = ?", rejectedId)).isZero();
        assertThat(db.count("SELECT count(*) FROM processed_events")).isEqualTo(29);
        assertThat(TestKafka.committedOffsets("user-service", topic)).isEqualTo(Map.of(0, 30L));
        ConsumerRecord<byte[], byte[]> deadLetter = onlyRecordOf(DeadLetterTopic.nameFor(topic));
        assertThat(TestKafka.header(deadLetter, DeadLetterTopic.ORIGINAL_OFFSET)).isEqualTo("12");
        assertThat(TestKafka.header(deadLetter, DeadLetterTopic.REASON))
                .startsWith("rejected by the database: ERROR: duplicate key value violates unique constraint \"users_pkey\"");
        assertThat(TestKafka.header(deadLetter, DeadLetterTopic.ERROR_CLASS)).isEqualTo("org.postgresql.util.PSQLException");
    }

    @ParameterizedTest
    @EnumSource(ProcessingMode.class)
    void anEventThatKeepsFailingForAnUnknownReasonIsDeadLetteredAfterMaxAttempts(ProcessingMode mode) throws Exception {
        String topic = TestKafka.freshTopic("unknown-failure", 1);
        DemoEventStream stream = DemoEventStream.of(10, 0, 6);
        stream.publishTo(TestKafka.bootstrapServers(), topic);
        String buggyId = stream.records().get(4).eventId();
        EventHandler<UserCreated> sample = RunningService.sampleHandler();
        EventHandler<UserCreated> buggy = (Transaction transaction, IncomingEvent<UserCreated> event) -> {
            if (event.id().value().equals(buggyId)) {
                throw new IllegalStateException("a bug in the handler");
            }
            sample.handle(transaction, event);
        };

        try (RunningService service = RunningService.start(mode, "user-service", topic, db, buggy, 3)) {
            service.awaitAccountedFor(10);
            assertThat(service.statistics().processed()).isEqualTo(9);
            assertThat(service.statistics().retries()).isEqualTo(2);
        }

        ConsumerRecord<byte[], byte[]> deadLetter = onlyRecordOf(DeadLetterTopic.nameFor(topic));
        assertThat(TestKafka.header(deadLetter, DeadLetterTopic.REASON)).isEqualTo("failed 3 times while other events went through: a bug in the handler");
        assertThat(TestKafka.header(deadLetter, DeadLetterTopic.ERROR_CLASS)).isEqualTo(IllegalStateException.class.getName());
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(9);
        assertThat(TestKafka.committedOffsets("user-service", topic)).isEqualTo(Map.of(0, 10L));
    }

    /**
     * The case a classifier cannot know: every event fails, for a reason nobody classified (a database
     * failing in a new way, a handler's dependency down). No event is proven at fault, so none is
     * counted or dead-lettered, however long it lasts; all are processed once it clears.
     */
    @ParameterizedTest
    @EnumSource(ProcessingMode.class)
    void aFailureThatHitsEveryEventSetsNoneAsideHoweverOftenItRepeats(ProcessingMode mode) throws Exception {
        String topic = TestKafka.freshTopic("every-event-fails", 2);
        DemoEventStream stream = DemoEventStream.of(20, 0, 7);
        stream.publishTo(TestKafka.bootstrapServers(), topic);
        AtomicBoolean failing = new AtomicBoolean(true);
        EventHandler<UserCreated> sample = RunningService.sampleHandler();
        EventHandler<UserCreated> dependent = (Transaction transaction, IncomingEvent<UserCreated> event) -> {
            if (failing.get()) {
                throw new IllegalStateException("the handler's dependency is down");
            }
            sample.handle(transaction, event);
        };

        try (RunningService service = RunningService.start(mode, "user-service", topic, db, dependent, 2)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> service.statistics().retries() >= 10);
            assertThat(service.statistics().deadLettered()).isZero();

            failing.set(false);
            service.awaitAccountedFor(20);
            assertThat(service.statistics().processed()).isEqualTo(20);
            assertThat(service.statistics().deadLettered()).isZero();
        }
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(20);
    }

    private static ConsumerRecord<byte[], byte[]> onlyRecordOf(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = TestKafka.readFromBeginning(topic, 1);
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
