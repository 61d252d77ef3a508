package dev.eventidempotency.application.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessingOutcome;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdempotentEventProcessorTest {

    private static final ServiceName SERVICE = new ServiceName("user-service");
    private static final TopicName TOPIC = new TopicName("user-events");

    private final InMemoryLedgerAndUnitOfWork database = new InMemoryLedgerAndUnitOfWork();
    private final RecordingHandler handler = new RecordingHandler();
    private final IdempotentEventProcessor<String> processor =
            new IdempotentEventProcessor<>(SERVICE, database, database, handler);

    @Test
    void aNewEventIsHandledAndClaimedInOneCommittedTransaction() {
        ProcessingOutcome outcome = processor.process(event("evt-1"));

        assertThat(outcome).isEqualTo(ProcessingOutcome.PROCESSED);
        assertThat(handler.handled).containsExactly("evt-1");
        assertThat(database.holds(claimOf("evt-1"))).isTrue();
        assertThat(database.commits()).isEqualTo(1);
    }

    @Test
    void aDuplicateIsSkippedWithoutRunningTheHandler() {
        processor.process(event("evt-1"));

        ProcessingOutcome outcome = processor.process(event("evt-1"));

        assertThat(outcome).isEqualTo(ProcessingOutcome.SKIPPED_DUPLICATE);
        assertThat(handler.handled).containsExactly("evt-1");
    }

    @Test
    void aFailingHandlerRollsTheClaimBackSoTheRedeliveryIsProcessed() {
        handler.failNext = true;

        assertThatThrownBy(() -> processor.process(event("evt-1"))).hasMessage("handler failed");
        assertThat(database.holds(claimOf("evt-1"))).isFalse();
        assertThat(database.rollbacks()).isEqualTo(1);

        assertThat(processor.process(event("evt-1"))).isEqualTo(ProcessingOutcome.PROCESSED);
        assertThat(handler.handled).containsExactly("evt-1");
    }

    @Test
    void theClaimNamesTheServiceAndTheTopicTheEventCameFrom() {
        processor.process(event("evt-7"));

        assertThat(database.holds(new EventClaim(new EventId("evt-7"), SERVICE, TOPIC, PayloadFingerprint.of("payload of evt-7")))).isTrue();
        assertThat(database.holds(new EventClaim(new EventId("evt-7"), new ServiceName("other"), TOPIC, PayloadFingerprint.of("x")))).isFalse();
    }

    @Test
    void anIdReusedForOtherContentIsAConflictAndTheHandlerDoesNotRun() {
        processor.process(event("evt-1"));
        IncomingEvent<String> reused = new IncomingEvent<>(new EventId("evt-1"), TOPIC,
                Instant.parse("2026-11-28T10:00:00Z"), "other", PayloadFingerprint.of("other"));

        assertThat(processor.process(reused)).isEqualTo(ProcessingOutcome.PAYLOAD_CONFLICT);
        assertThat(handler.handled).containsExactly("evt-1");
    }

    private static IncomingEvent<String> event(String id) {
        return new IncomingEvent<>(new EventId(id), TOPIC, Instant.parse("2026-11-28T10:00:00Z"), "payload of " + id,
                PayloadFingerprint.of("payload of " + id));
    }

    private static EventClaim claimOf(String id) {
        return new EventClaim(new EventId(id), SERVICE, TOPIC, PayloadFingerprint.of(id));
    }

    private static final class RecordingHandler implements EventHandler<String> {
        private final List<String> handled = new ArrayList<>();
        private boolean failNext;

        @Override
        public void handle(Transaction transaction, IncomingEvent<String> event) {
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("handler failed");
            }
            handled.add(event.id().value());
        }
    }
}
