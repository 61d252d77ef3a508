package dev.eventidempotency.application.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.EventFailure;
import dev.eventidempotency.application.idempotency.port.in.FailureKind;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.out.FailureClassifier;
import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWorkUnavailableException;
import dev.eventidempotency.domain.idempotency.EventClaim;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdempotentBatchProcessorTest {

    private static final ServiceName SERVICE = new ServiceName("user-service");
    private static final TopicName TOPIC = new TopicName("user-events");

    private final InMemoryLedgerAndUnitOfWork database = new InMemoryLedgerAndUnitOfWork();
    private final RecordingHandler handler = new RecordingHandler();
    private static final FailureClassifier FAILURES = failure ->
            failure instanceof UnitOfWorkUnavailableException ? FailureKind.ENVIRONMENT : FailureKind.UNKNOWN;

    private final IdempotentBatchProcessor<String> processor =
            new IdempotentBatchProcessor<>(SERVICE, database, database, handler, FAILURES);

    @Test
    void aBatchOfNewEventsIsHandledTogetherInOneCommittedUnitOfWork() {
        BatchOutcome outcome = processor.process(events("a", "b", "c"));

        assertThat(outcome).isEqualTo(BatchOutcome.completed(3, 0, List.of()));
        assertThat(handler.calls).containsExactly(List.of("a", "b", "c"));
        assertThat(database.commits()).isEqualTo(1);
    }

    @Test
    void duplicatesInsideTheBatchAndFromEarlierBatchesAreSkippedInOrder() {
        processor.process(events("a"));

        BatchOutcome outcome = processor.process(events("b", "a", "c", "b"));

        assertThat(outcome.processed()).isEqualTo(2);
        assertThat(outcome.skippedDuplicates()).isEqualTo(2);
        assertThat(handler.calls).containsExactly(List.of("a"), List.of("b", "c"));
    }

    @Test
    void anIdReusedForOtherContentIsAConflictNotADuplicateWhetherEarlierOrInTheSameBatch() {
        processor.process(events("a"));

        BatchOutcome outcome = processor.process(List.of(
                event("a", "other content"), event("b"), event("a", "a"), event("b", "b again, changed")));

        assertThat(outcome.processed()).isEqualTo(1);
        assertThat(outcome.skippedDuplicates()).isEqualTo(1);
        assertThat(outcome.payloadConflicts()).containsExactly(0, 3);
        assertThat(outcome.completed()).isEqualTo(4);
        assertThat(handler.calls).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void aBatchOfOnlyDuplicatesDoesNotCallTheHandler() {
        processor.process(events("a", "b"));

        assertThat(processor.process(events("b", "a")).skippedDuplicates()).isEqualTo(2);
        assertThat(handler.calls).hasSize(1);
    }

    @Test
    void aPoisonEventIsIsolatedTheEventsBeforeItCommitAndNothingAfterItDoes() {
        handler.poison = "e6";
        List<IncomingEvent<String>> batch = IntStream.range(0, 10).mapToObj(i -> event("e" + i)).toList();

        BatchOutcome outcome = processor.process(batch);

        assertThat(outcome.completed()).isEqualTo(6);
        assertThat(outcome.failure()).get().extracting(failure -> failure.cause().getMessage()).isEqualTo("poison e6");
        assertThat(outcome.failure()).get().extracting(EventFailure::kind).isEqualTo(FailureKind.UNKNOWN);
        assertThat(IntStream.range(0, 6).allMatch(i -> database.holds(claimOf("e" + i)))).isTrue();
        assertThat(IntStream.range(6, 10).noneMatch(i -> database.holds(claimOf("e" + i)))).isTrue();
        assertThat(handler.calls.stream().flatMap(List::stream).toList()).containsExactly("e0", "e1", "e2", "e3", "e4", "e5");
    }

    @Test
    void aFailingFirstEventCompletesNothing() {
        handler.poison = "e0";

        BatchOutcome outcome = processor.process(events("e0", "e1"));

        assertThat(outcome.completed()).isZero();
        assertThat(outcome.failure()).isPresent();
        assertThat(database.holds(claimOf("e1"))).isFalse();
    }

    @Test
    void aFailureAfterCommittedEventsIsTheEventsOwn() {
        handler.poison = "e6";

        BatchOutcome outcome = processor.process(IntStream.range(0, 10).mapToObj(i -> event("e" + i)).toList());

        assertThat(outcome.failure()).get().extracting(EventFailure::othersSucceeded).isEqualTo(true);
    }

    @Test
    void aFailingFirstEventIsTheEventsOwnWhenAnEventAfterItGoesThroughInATrialThatIsRolledBack() {
        handler.poison = "e0";
        int commitsBefore = database.commits();

        BatchOutcome outcome = processor.process(events("e0", "e1", "e2"));

        assertThat(outcome.completed()).isZero();
        assertThat(outcome.failure()).get().extracting(EventFailure::othersSucceeded).isEqualTo(true);
        assertThat(database.holds(claimOf("e1"))).as("the trial is rolled back").isFalse();
        assertThat(database.commits()).isEqualTo(commitsBefore);
    }

    @Test
    void aFailureEveryEventMeetsIsNotProvenTheEventsOwnAndTheTrialStopsAfterAFew() {
        handler.failingAll = true;
        List<IncomingEvent<String>> batch = IntStream.range(0, 20).mapToObj(i -> event("e" + i)).toList();

        BatchOutcome outcome = processor.process(batch);

        assertThat(outcome.completed()).isZero();
        assertThat(outcome.failure()).get().extracting(EventFailure::othersSucceeded).isEqualTo(false);
        assertThat(handler.tried).as("the whole batch, the first event alone, then at most 5 trials")
                .isEqualTo(2 + TrialRun.MAX_TRIED);
    }

    @Test
    void aBatchThatFailsTriesItsFirstEventAloneFirst() {
        handler.poison = "e0";

        processor.process(IntStream.range(0, 16).mapToObj(i -> event("e" + i)).toList());

        assertThat(handler.tried).as("the batch, then e0 alone, then one successful trial of e1").isEqualTo(3);
    }

    @Test
    void aTransientFailureFailsTheBatchWholeWithoutSplittingIt() {
        UnitOfWork unreachable = new UnitOfWork() {
            int attempts;

            @Override
            public <R> R inTransaction(TransactionalWork<R> work) {
                attempts++;
                throw new UnitOfWorkUnavailableException("no database connection (attempt " + attempts + ")", null);
            }
        };
        IdempotentBatchProcessor<String> cutOff =
                new IdempotentBatchProcessor<>(SERVICE, unreachable, database, handler, FAILURES);

        BatchOutcome outcome = cutOff.process(events("a", "b", "c", "d"));

        assertThat(outcome.completed()).isZero();
        assertThat(outcome.failure()).get().extracting(failure -> failure.cause().getMessage())
                .isEqualTo("no database connection (attempt 1)");
        assertThat(outcome.failure()).get().extracting(EventFailure::kind).isEqualTo(FailureKind.ENVIRONMENT);
        assertThat(outcome.failure()).get().extracting(EventFailure::othersSucceeded).isEqualTo(false);
    }

    private static List<IncomingEvent<String>> events(String... ids) {
        return Arrays.stream(ids).map(IdempotentBatchProcessorTest::event).toList();
    }

    private static IncomingEvent<String> event(String id) {
        return new IncomingEvent<>(new EventId(id), TOPIC, Instant.parse("2026-11-28T10:00:00Z"), id,
                PayloadFingerprint.of(id));
    }

    private static IncomingEvent<String> event(String id, String content) {
        return new IncomingEvent<>(new EventId(id), TOPIC, Instant.parse("2026-11-28T10:00:00Z"), id,
                PayloadFingerprint.of(content));
    }

    private static EventClaim claimOf(String id) {
        return new EventClaim(new EventId(id), SERVICE, TOPIC, PayloadFingerprint.of(id));
    }

    /**
     * Records each handleAll call; the poison fails any batch that contains it, as a bad row would,
     * and {@code failingAll} fails every call, as a failing dependency would.
     */
    private static final class RecordingHandler implements EventHandler<String> {
        private final List<List<String>> calls = new ArrayList<>();
        private String poison;
        private boolean failingAll;
        private int tried;

        @Override
        public void handle(Transaction transaction, IncomingEvent<String> event) {
            handleAll(transaction, List.of(event));
        }

        @Override
        public void handleAll(Transaction transaction, List<IncomingEvent<String>> events) {
            tried++;
            List<String> ids = events.stream().map(IncomingEvent::payload).toList();
            if (failingAll) {
                throw new IllegalStateException("everything fails");
            }
            if (ids.contains(poison)) {
                throw new IllegalStateException("poison " + poison);
            }
            calls.add(ids);
        }
    }
}
