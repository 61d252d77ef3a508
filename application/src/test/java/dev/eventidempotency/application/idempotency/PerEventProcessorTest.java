package dev.eventidempotency.application.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.EventFailure;
import dev.eventidempotency.application.idempotency.port.in.FailureKind;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PerEventProcessorTest {

    private static final TopicName TOPIC = new TopicName("user-events");

    private final InMemoryLedgerAndUnitOfWork database = new InMemoryLedgerAndUnitOfWork();
    private final Set<String> failing = new HashSet<>();
    private final EventHandler<String> handler = (Transaction transaction, IncomingEvent<String> event) -> {
        if (failing.contains(event.payload())) {
            throw new IllegalStateException("failed " + event.payload());
        }
    };
    private final PerEventProcessor<String> processor = PerEventProcessor.claimingFirst(new ServiceName("user-service"),
            database, database, handler, failure -> FailureKind.UNKNOWN);

    @Test
    void stopsAtTheFirstFailureWithTheEventsBeforeItCommitted() {
        failing.add("c");

        BatchOutcome outcome = processor.process(events("a", "b", "c", "d"));

        assertThat(outcome.processed()).isEqualTo(2);
        assertThat(outcome.failure()).get().extracting(EventFailure::othersSucceeded).isEqualTo(true);
        assertThat(database.commits()).isEqualTo(2);
    }

    @Test
    void aFailingFirstEventIsProvenItsOwnByATrialOfTheNextWhichIsRolledBack() {
        failing.add("a");

        BatchOutcome outcome = processor.process(events("a", "b"));

        assertThat(outcome.completed()).isZero();
        assertThat(outcome.failure()).get().extracting(EventFailure::othersSucceeded).isEqualTo(true);
        assertThat(database.commits()).isZero();
    }

    @Test
    void aFailureOfEveryEventIsNotProven() {
        failing.addAll(List.of("a", "b", "c"));

        BatchOutcome outcome = processor.process(events("a", "b", "c"));

        assertThat(outcome.failure()).get().extracting(EventFailure::othersSucceeded).isEqualTo(false);
    }

    private static List<IncomingEvent<String>> events(String... ids) {
        return Arrays.stream(ids).map(id -> new IncomingEvent<>(new EventId(id), TOPIC,
                Instant.parse("2026-11-28T10:00:00Z"), id, PayloadFingerprint.of(id))).toList();
    }
}
