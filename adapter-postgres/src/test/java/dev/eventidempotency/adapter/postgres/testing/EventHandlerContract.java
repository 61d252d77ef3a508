package dev.eventidempotency.adapter.postgres.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.postgres.AbortedTransactionException;
import dev.eventidempotency.adapter.postgres.PostgresFailureClassifier;
import dev.eventidempotency.adapter.postgres.idempotency.MyBatisProcessedEventLedger;
import dev.eventidempotency.application.idempotency.IdempotentBatchProcessor;
import dev.eventidempotency.application.idempotency.PerEventProcessor;
import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.BatchOutcome;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessEventBatchUseCase;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The exactly-once contract every event handler must keep, checked against the real PostgreSQL
 * through the real unit of work and ledger, in both processing modes. Extend it once per handler:
 * <pre>{@code
 * class OrderPlacedHandlerContractIT extends EventHandlerContract<OrderPlaced> { ... }
 * }</pre>
 * and the subclass gets, for free, the proof that a redelivery (in a later delivery or within the
 * same one) leaves the effects once, that a failure after the handler ran leaves neither effects
 * nor a claim and a retry then takes effect once, that two concurrent deliveries of one event take
 * effect once, that a batch has the effects of its events handled one by one, and that the handler
 * lets SQL errors propagate instead of swallowing them in a transaction PostgreSQL has aborted.
 *
 * <p>The subclass names what a handler owns: the handler wired to its real MyBatis repositories,
 * their mappers, a factory of distinct events, and the effects an event can change. The contract
 * reads those effects before and after each delivery and compares the change with the change one
 * clean delivery of another event makes, so it needs no knowledge of the business tables.
 * {@code EventHandlerContractCatchesBrokenHandlersIT} proves that each check fails for a handler
 * that breaks it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EventHandlerContract<P> {

    private static final ServiceName SERVICE = new ServiceName("handler-contract");
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final int BATCH = 3;

    private TestDatabase db;

    /** The handler under test, wired to the real MyBatis repositories of adapter-postgres. */
    protected abstract EventHandler<P> handler();

    /** The MyBatis mappers of those repositories, as the service registers them. */
    protected abstract List<Class<?>> mappers();

    /** A new event with this id and content no other call returned, as the inbound adapter decodes it. */
    protected abstract IncomingEvent<P> newEvent(String eventId);

    /**
     * The effects this event can change, by name, as they are now: for example the rows that carry
     * its key in each table the handler writes, and a running total it adds to. The contract only
     * compares how these numbers change; the tests of one class run one after the other.
     */
    protected abstract Map<String, Long> effectsOf(IncomingEvent<P> event);

    /** The schema of this test class, for {@link #effectsOf}. */
    protected final TestDatabase database() {
        return db;
    }

    /** The two ways the service processes a delivery, as {@code PROCESSING_MODE} selects them. */
    private enum Mode {
        PER_EVENT,
        BATCH
    }

    @BeforeAll
    final void openSchema() {
        db = TestPostgres.freshDatabase(mappers());
    }

    @AfterAll
    final void dropSchema() {
        db.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    final void aRedeliveryInALaterDeliveryLeavesTheEffectsOnce(Mode mode) {
        Map<String, Long> once = changeOfOneCleanDelivery();
        IncomingEvent<P> event = newEvent();
        Map<String, Long> before = effectsOf(event);
        ProcessEventBatchUseCase<P> useCase = useCase(mode, handler());

        assertThat(useCase.process(List.of(event)).processed()).isEqualTo(1);
        assertThat(useCase.process(List.of(event)).skippedDuplicates()).isEqualTo(1);

        assertThat(changeSince(before, event)).as("effects after a redelivery").isEqualTo(once);
        assertThat(claimsOf(event)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    final void anEventTwiceInOneDeliveryTakesEffectOnce(Mode mode) {
        Map<String, Long> once = changeOfOneCleanDelivery();
        IncomingEvent<P> event = newEvent();
        Map<String, Long> before = effectsOf(event);

        BatchOutcome outcome = useCase(mode, handler()).process(List.of(event, event));

        assertThat(outcome.processed()).isEqualTo(1);
        assertThat(outcome.skippedDuplicates()).isEqualTo(1);
        assertThat(changeSince(before, event)).as("effects of an event delivered twice in one delivery").isEqualTo(once);
        assertThat(claimsOf(event)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    final void aFailureAfterTheHandlerRanLeavesNoEffectsAndNoClaimAndTheRetryTakesEffectOnce(Mode mode) {
        Map<String, Long> once = changeOfOneCleanDelivery();
        IncomingEvent<P> event = newEvent();
        Map<String, Long> before = effectsOf(event);
        ProcessEventBatchUseCase<P> useCase = useCase(mode, new FailingOnceAfterHandler<>(handler()));

        BatchOutcome failed = useCase.process(List.of(event));

        assertThat(failed.failure()).as("outcome of the failed delivery").isPresent();
        assertThat(failed.failure().orElseThrow().cause()).hasMessage(FailingOnceAfterHandler.MESSAGE);
        assertThat(changeSince(before, event)).as("effects after the failed delivery").isEqualTo(none(once));
        assertThat(claimsOf(event)).as("ledger rows after the failed delivery").isZero();

        assertThat(useCase.process(List.of(event)).processed()).isEqualTo(1);
        assertThat(changeSince(before, event)).as("effects after the retry").isEqualTo(once);
        assertThat(claimsOf(event)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    final void twoConcurrentDeliveriesRunTheHandlerOnce(Mode mode) throws Exception {
        Map<String, Long> once = changeOfOneCleanDelivery();
        IncomingEvent<P> event = newEvent();
        Map<String, Long> before = effectsOf(event);
        HoldingFirstCall<P> held = new HoldingFirstCall<>(handler(), false);

        List<BatchOutcome> outcomes = raceTwoDeliveries(useCase(mode, held), event, held);

        assertThat(outcomes.get(0).processed()).as("the first delivery").isEqualTo(1);
        assertThat(outcomes.get(1).skippedDuplicates()).as("the second delivery, after the first committed").isEqualTo(1);
        assertThat(held.calls()).as("calls of the handler").isEqualTo(1);
        assertThat(changeSince(before, event)).as("effects after two concurrent deliveries").isEqualTo(once);
        assertThat(claimsOf(event)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    final void whenTheFirstOfTwoConcurrentDeliveriesFailsTheSecondTakesEffectOnce(Mode mode) throws Exception {
        Map<String, Long> once = changeOfOneCleanDelivery();
        IncomingEvent<P> event = newEvent();
        Map<String, Long> before = effectsOf(event);
        HoldingFirstCall<P> held = new HoldingFirstCall<>(handler(), true);

        List<BatchOutcome> outcomes = raceTwoDeliveries(useCase(mode, held), event, held);

        assertThat(outcomes.get(0).failure()).as("the first delivery").isPresent();
        assertThat(outcomes.get(1).processed()).as("the second delivery, after the first rolled back").isEqualTo(1);
        assertThat(changeSince(before, event)).as("effects after the first failed and the second took over").isEqualTo(once);
        assertThat(claimsOf(event)).isEqualTo(1);
    }

    /**
     * A handler that catches a SQL error and carries on leaves a transaction PostgreSQL has aborted:
     * its {@code COMMIT} would roll back in silence and the event would be lost. The unit of work
     * refuses to commit it, so the delivery fails; this check says why.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    final void aDeliveryCommitsWhatTheHandlerWroteWithNoSqlErrorSwallowed(Mode mode) {
        IncomingEvent<P> event = newEvent();
        Map<String, Long> before = effectsOf(event);

        BatchOutcome outcome = useCase(mode, handler()).process(List.of(event));

        requireNoFailure(outcome);
        assertThat(outcome.processed()).as("events processed").isEqualTo(1);
        requireVisible(changeSince(before, event));
        assertThat(claimsOf(event)).isEqualTo(1);
    }

    /** Batch mode hands the handler every new event of a delivery at once ({@code handleAll}). */
    @Test
    final void aBatchHasTheEffectsOfItsEventsHandledOneByOne() {
        List<IncomingEvent<P>> oneByOne = newEvents();
        List<Map<String, Long>> expected = changesOf(oneByOne, useCase(Mode.PER_EVENT, handler()));
        expected.forEach(EventHandlerContract::requireVisible);

        List<Map<String, Long>> batched = changesOf(newEvents(), useCase(Mode.BATCH, handler()));

        assertThat(batched).as("effects of each event of a batch, against the same events handled one by one")
                .isEqualTo(expected);
    }

    private ProcessEventBatchUseCase<P> useCase(Mode mode, EventHandler<P> handler) {
        MyBatisProcessedEventLedger ledger = new MyBatisProcessedEventLedger();
        PostgresFailureClassifier failures = new PostgresFailureClassifier();
        return switch (mode) {
            case PER_EVENT -> PerEventProcessor.claimingFirst(SERVICE, db.database().unitOfWork(), ledger, handler, failures);
            case BATCH -> new IdempotentBatchProcessor<>(SERVICE, db.database().unitOfWork(), ledger, handler, failures);
        };
    }

    /** What "effects once" looks like: the change one event makes, delivered once to the plain handler. */
    private Map<String, Long> changeOfOneCleanDelivery() {
        Map<String, Long> once = changesOf(List.of(newEvent()), useCase(Mode.PER_EVENT, handler())).get(0);
        requireVisible(once);
        return once;
    }

    /** A clean delivery must not fail; if it did because the handler swallowed a SQL error, the message says which. */
    private static void requireNoFailure(BatchOutcome outcome) {
        outcome.failure().ifPresent(failure -> {
            throw new AssertionError((failure.cause() instanceof AbortedTransactionException
                    ? "the handler must let SQL errors propagate, never catch them and carry on: "
                    : "a clean delivery failed: ") + failure.cause(), failure.cause());
        });
    }

    private static void requireVisible(Map<String, Long> change) {
        assertThat(change.values()).as("effectsOf(event) must see what the handler wrote for the event, saw a change of %s", change)
                .anyMatch(count -> count != 0);
    }

    /** Delivers these events at once and returns the change each one's effects saw. */
    private List<Map<String, Long>> changesOf(List<IncomingEvent<P>> events, ProcessEventBatchUseCase<P> useCase) {
        List<Map<String, Long>> before = events.stream().map(this::effectsOf).toList();
        BatchOutcome outcome = useCase.process(events);
        requireNoFailure(outcome);
        assertThat(outcome.processed()).as("events processed").isEqualTo(events.size());
        return IntStream.range(0, events.size()).mapToObj(i -> changeSince(before.get(i), events.get(i))).toList();
    }

    private Map<String, Long> changeSince(Map<String, Long> before, IncomingEvent<P> event) {
        Map<String, Long> now = effectsOf(event);
        assertThat(now.keySet()).as("names of the effects").isEqualTo(before.keySet());
        return now.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, effect -> effect.getValue() - before.get(effect.getKey())));
    }

    private IncomingEvent<P> newEvent() {
        return newEvent("contract-" + UUID.randomUUID());
    }

    private List<IncomingEvent<P>> newEvents() {
        return Stream.generate(this::newEvent).limit(BATCH).toList();
    }

    private static Map<String, Long> none(Map<String, Long> once) {
        return once.keySet().stream().collect(Collectors.toMap(name -> name, name -> 0L));
    }

    private long claimsOf(IncomingEvent<P> event) {
        return db.count("SELECT count(*) FROM processed_events WHERE event_id = ? AND service_name = ?",
                event.id().value(), SERVICE.value());
    }

    /**
     * The first delivery enters the handler and is held there, its claim uncommitted, until the
     * second is seen in {@code pg_stat_activity} waiting on the ledger's unique index; then the first
     * finishes. Without the hold the second could simply come after the first and prove nothing.
     */
    private List<BatchOutcome> raceTwoDeliveries(ProcessEventBatchUseCase<P> useCase, IncomingEvent<P> event,
            HoldingFirstCall<P> held) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<BatchOutcome> first =
                    CompletableFuture.supplyAsync(() -> useCase.process(List.of(event)), threads);
            assertThat(held.firstCallEntered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .as("the first delivery reached the handler").isTrue();
            CompletableFuture<BatchOutcome> second =
                    CompletableFuture.supplyAsync(() -> useCase.process(List.of(event)), threads);
            await().atMost(PATIENCE).until(() -> db.count("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'
                      AND query LIKE '%processed_events%'""") >= 1);
            held.releaseFirstCall.countDown();
            return List.of(first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Runs the real handler, then fails the first call: the failure comes after every effect was written. */
    private static final class FailingOnceAfterHandler<P> implements EventHandler<P> {

        static final String MESSAGE = "injected by the handler contract after the handler ran";

        private final EventHandler<P> real;
        private final AtomicInteger calls = new AtomicInteger();

        FailingOnceAfterHandler(EventHandler<P> real) {
            this.real = real;
        }

        @Override
        public void handle(Transaction transaction, IncomingEvent<P> event) {
            handleAll(transaction, List.of(event));
        }

        @Override
        public void handleAll(Transaction transaction, List<IncomingEvent<P>> events) {
            real.handleAll(transaction, events);
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException(MESSAGE);
            }
        }
    }

    /** Holds the first call inside its transaction until released, then runs the real handler (and fails, if asked). */
    private static final class HoldingFirstCall<P> implements EventHandler<P> {

        private final EventHandler<P> real;
        private final boolean failFirstCall;
        private final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch firstCallEntered = new CountDownLatch(1);
        final CountDownLatch releaseFirstCall = new CountDownLatch(1);

        HoldingFirstCall(EventHandler<P> real, boolean failFirstCall) {
            this.real = real;
            this.failFirstCall = failFirstCall;
        }

        int calls() {
            return calls.get();
        }

        @Override
        public void handle(Transaction transaction, IncomingEvent<P> event) {
            handleAll(transaction, List.of(event));
        }

        @Override
        public void handleAll(Transaction transaction, List<IncomingEvent<P>> events) {
            boolean first = calls.incrementAndGet() == 1;
            if (first) {
                firstCallEntered.countDown();
                awaitRelease();
            }
            real.handleAll(transaction, events);
            if (first && failFirstCall) {
                throw new IllegalStateException("the first of two concurrent deliveries failed after the handler ran");
            }
        }

        private void awaitRelease() {
            try {
                if (!releaseFirstCall.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the contract never released the first delivery");
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
        }
    }
}
