package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.bootstrap.config.ProcessingMode;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.UserCreated;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A handler that fails after the claim was written: the claim must roll back with it (the MyBatis
 * trap in which a claim survives a rollback would show here), the offset must not pass the event,
 * and once the fault clears the event is processed exactly once.
 */
class HandlerFailureIT extends EndToEndTest {

    @ParameterizedTest
    @EnumSource(ProcessingMode.class)
    void aFailingEventIsNeitherClaimedNorCommittedPastAndIsProcessedOnceWhenTheFaultClears(ProcessingMode mode)
            throws Exception {
        String topic = TestKafka.freshTopic("failing-handler", 1);
        DemoEventStream stream = DemoEventStream.of(20, 0, 3);
        stream.publishTo(TestKafka.bootstrapServers(), topic);
        String poisonId = stream.records().get(10).eventId();
        AtomicBoolean faulty = new AtomicBoolean(true);
        EventHandler<UserCreated> sample = RunningService.sampleHandler();
        EventHandler<UserCreated> failingOnPoison = (Transaction transaction, IncomingEvent<UserCreated> event) -> {
            sample.handle(transaction, event);
            if (faulty.get() && event.id().value().equals(poisonId)) {
                throw new IllegalStateException("the database of a downstream team is down");
            }
        };

        try (RunningService service = RunningService.start(mode, "user-service", topic, db, failingOnPoison)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> service.statistics().retries() >= 3);

            assertThat(service.statistics().processed()).isEqualTo(10);
            assertThat(ledgerRowsFor(poisonId)).isZero();
            assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(10);
            assertThat(TestKafka.committedOffsets("user-service", topic)).isEqualTo(Map.of(0, 10L));

            faulty.set(false);
            service.awaitAccountedFor(20);
        }

        assertThat(ledgerRowsFor(poisonId)).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(20);
        assertThat(db.count("SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'users_registered'")).isEqualTo(20);
        assertThat(TestKafka.committedOffsets("user-service", topic)).isEqualTo(Map.of(0, 20L));
    }

    private static long ledgerRowsFor(String eventId) {
        return db.count("SELECT count(*) FROM processed_events WHERE event_id = ?", eventId);
    }
}
