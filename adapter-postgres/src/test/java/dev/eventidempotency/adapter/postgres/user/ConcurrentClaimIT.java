package dev.eventidempotency.adapter.postgres.user;

import static dev.eventidempotency.adapter.postgres.user.SampleEvents.userCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.postgres.idempotency.MyBatisProcessedEventLedger;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEmailOutbox;
import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.idempotency.IdempotentEventProcessor;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.in.ProcessingOutcome;
import dev.eventidempotency.application.idempotency.port.out.EventHandler;
import dev.eventidempotency.application.user.UserCreatedHandler;
import dev.eventidempotency.application.user.WelcomeEmails;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.EmailAddress;
import dev.eventidempotency.domain.user.UserCreated;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two units of work claim the same event at the same time. The race is made deterministic: the
 * first holds its claim uncommitted inside the handler until the second is seen waiting on the
 * unique index in {@code pg_stat_activity}; only then does the first finish.
 */
class ConcurrentClaimIT {

    private static TestDatabase db;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final CountDownLatch firstIsInsideHandler = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final AtomicInteger handlerRuns = new AtomicInteger();
    private IdempotentEventProcessor<UserCreated> processor;

    @BeforeAll
    static void migrate() {
        db = TestPostgres.freshDatabase();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @BeforeEach
    void wire() {
        db.execute("TRUNCATE processed_events, users, counters, outbox_emails");
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void whenTheFirstCommitsTheSecondSkipsWithoutAnError() throws Exception {
        processor = processorWhoseFirstHandlerRun(() -> { });
        IncomingEvent<UserCreated> event = userCreated("evt-race");

        CompletableFuture<ProcessingOutcome> first = CompletableFuture.supplyAsync(() -> processor.process(event), threads);
        assertThat(firstIsInsideHandler.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ProcessingOutcome> second = CompletableFuture.supplyAsync(() -> processor.process(event), threads);
        awaitABackendWaitingOnALock();
        releaseFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(ProcessingOutcome.PROCESSED);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(ProcessingOutcome.SKIPPED_DUPLICATE);
        assertThat(handlerRuns).hasValue(1);
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(1);
        assertThat(db.count("SELECT value FROM counters")).isEqualTo(1);
    }

    @Test
    void whenTheFirstRollsBackTheWaitingSecondTakesOver() throws Exception {
        processor = processorWhoseFirstHandlerRun(() -> {
            throw new IllegalStateException("first handler failed");
        });
        IncomingEvent<UserCreated> event = userCreated("evt-race");

        CompletableFuture<ProcessingOutcome> first = CompletableFuture.supplyAsync(() -> processor.process(event), threads);
        assertThat(firstIsInsideHandler.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<ProcessingOutcome> second = CompletableFuture.supplyAsync(() -> processor.process(event), threads);
        awaitABackendWaitingOnALock();
        releaseFirst.countDown();

        assertThat(first).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .withMessageContaining("first handler failed");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(ProcessingOutcome.PROCESSED);
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM processed_events")).isEqualTo(1);
    }

    private IdempotentEventProcessor<UserCreated> processorWhoseFirstHandlerRun(Runnable thenDoes) {
        EventHandler<UserCreated> business = new UserCreatedHandler(new MyBatisUserRepository(), new MyBatisRegistrationCounter(), new MyBatisEmailOutbox(),
                new WelcomeEmails(new EmailAddress("welcome@example.com")));
        EventHandler<UserCreated> gated = (Transaction transaction, IncomingEvent<UserCreated> event) -> {
            if (handlerRuns.incrementAndGet() == 1) {
                firstIsInsideHandler.countDown();
                awaitUninterruptibly(releaseFirst);
                thenDoes.run();
            }
            business.handle(transaction, event);
        };
        return new IdempotentEventProcessor<>(new ServiceName("user-service"), db.database().unitOfWork(),
                new MyBatisProcessedEventLedger(), gated);
    }

    private static void awaitABackendWaitingOnALock() {
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%processed_events%'""") == 1);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the first unit of work");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
