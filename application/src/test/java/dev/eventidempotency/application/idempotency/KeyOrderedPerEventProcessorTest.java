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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrency shown with latches: an event holds its lane until another event has done something, so
 * the test fails if events that may overlap do not, or if events that must not overlap do.
 */
class KeyOrderedPerEventProcessorTest {

    private static final TopicName TOPIC = new TopicName("user-events");
    private static final ServiceName SERVICE = new ServiceName("user-service");
    /** How long an event waits for one that must not start meanwhile; passing it is the expected case. */
    private static final long NOT_MEANWHILE_MS = 300;

    private final ExecutorService lanes = Executors.newFixedThreadPool(4);
    private final InMemoryLedgerAndUnitOfWork database = new InMemoryLedgerAndUnitOfWork();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> finished = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private volatile EventHandler<String> before = (transaction, event) -> { };

    private final EventHandler<String> handler = (Transaction transaction, IncomingEvent<String> event) -> {
        String id = event.payload();
        log.add("start " + id);
        latch(started, id).countDown();
        before.handle(transaction, event);
        log.add("end " + id);
        latch(finished, id).countDown();
        if (failing.contains(id)) {
            throw new IllegalStateException("failed " + id);
        }
    };

    private final KeyOrderedPerEventProcessor<String> processor = KeyOrderedPerEventProcessor.claimingFirst(SERVICE,
            database, database, handler, failure -> FailureKind.UNKNOWN, lanes, Duration.ofSeconds(30));

    @AfterEach
    void closeLanes() throws InterruptedException {
        lanes.shutdownNow();
        assertThat(lanes.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void eventsOfOtherKeysOverlapWhileOneKeyKeepsItsOrder() {
        before = (transaction, event) -> {
            if (event.payload().equals("a1")) {
                // Held until key B's lane did two events: only possible if the keys overlap.
                log.add(await(finished, "b2", 5_000) ? "b2 finished while a1 ran" : "keys did not overlap");
                // a2 must not start while a1 runs; its start would end this wait early.
                log.add(await(started, "a2", NOT_MEANWHILE_MS) ? "a2 overtook a1" : "a2 waited");
            }
        };

        BatchOutcome outcome = processor.process(List.of(event("a1", "A"), event("b1", "B"), event("a2", "A"),
                event("b2", "B")));

        assertThat(outcome).isEqualTo(BatchOutcome.completed(4, 0, List.of()));
        assertThat(log).contains("b2 finished while a1 ran", "a2 waited");
        assertThat(log).containsSubsequence("end a1", "start a2").containsSubsequence("end b1", "start b2");
    }

    @Test
    void anEventWithoutKeyWaitsForAllBeforeItAndAllAfterItWaitForIt() {
        before = (transaction, event) -> {
            if (event.payload().equals("a1")) {
                log.add(await(started, "x", NOT_MEANWHILE_MS) ? "x overtook a1" : "x waited");
            }
            if (event.payload().equals("x")) {
                log.add(await(started, "b1", NOT_MEANWHILE_MS) ? "b1 overtook x" : "b1 waited");
            }
        };

        BatchOutcome outcome = processor.process(List.of(event("a1", "A"), event("x", null), event("b1", "B")));

        assertThat(outcome.completed()).isEqualTo(3);
        assertThat(log).contains("x waited", "b1 waited").containsSubsequence("end a1", "start x", "end x", "start b1");
    }

    @Test
    void aFailureEndsThePrefixAndWhatCommittedAfterItInOtherLanesIsSkippedWhenReceivedAgain() {
        failing.add("b1");
        before = (transaction, event) -> {
            if (event.payload().equals("b1")) {
                // c1, after b1 in offset order, finishes in its own lane before b1 fails.
                log.add(await(finished, "c1", 5_000) ? "c1 finished first" : "c1 did not overlap");
            }
        };
        List<IncomingEvent<String>> batch = List.of(event("a1", "A"), event("b1", "B"), event("c1", "C"),
                event("b2", "B"));

        BatchOutcome outcome = processor.process(batch);

        assertThat(outcome.completed()).isEqualTo(1);
        assertThat(outcome.failure()).get().extracting(EventFailure::othersSucceeded).isEqualTo(true);
        assertThat(log).contains("c1 finished first").doesNotContain("start b2");
        assertThat(database.holds(batch.get(2).claimFor(SERVICE))).isTrue();

        failing.clear();
        BatchOutcome redelivered = processor.process(batch.subList(1, batch.size()));

        assertThat(redelivered).isEqualTo(BatchOutcome.completed(2, 1, List.of()));
    }

    @Test
    void lanesThatDoNotFinishInTimeEndTheBatchAsAnEnvironmentFailure() {
        KeyOrderedPerEventProcessor<String> stuck = KeyOrderedPerEventProcessor.claimingFirst(SERVICE, database, database,
                handler, failure -> FailureKind.UNKNOWN, task -> { }, Duration.ofMillis(10));

        BatchOutcome outcome = stuck.process(List.of(event("a1", "A"), event("b1", "B")));

        assertThat(outcome.completed()).isZero();
        assertThat(outcome.failure()).get().extracting(EventFailure::kind).isEqualTo(FailureKind.ENVIRONMENT);
    }

    private static boolean await(Map<String, CountDownLatch> latches, String id, long millis) {
        try {
            return latch(latches, id).await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static CountDownLatch latch(Map<String, CountDownLatch> latches, String id) {
        return latches.computeIfAbsent(id, ignored -> new CountDownLatch(1));
    }

    private static IncomingEvent<String> event(String id, String key) {
        return new IncomingEvent<>(new EventId(id), TOPIC, Instant.parse("2026-11-28T10:00:00Z"), id,
                PayloadFingerprint.of(id), Optional.ofNullable(key));
    }
}
