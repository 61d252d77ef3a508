package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.kafka.GroupTimeouts;
import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.bootstrap.RunningService;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.UserCreated;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A zombie: an instance stuck in a unit of work for longer than {@code max.poll.interval.ms} is put
 * out of the group while its transaction is still open, and its partitions go to another instance,
 * which receives the same events. The zombie then wakes up and commits late.
 */
class ZombieIT extends EndToEndTest {

    private static final String SERVICE = "zombie-service";
    private static final int PARTITIONS = 3;
    private static final GuaranteeSize SIZE = GuaranteeSize.configured();
    private static final GroupTimeouts IMPATIENT =
            new GroupTimeouts(ServiceUnderTest.SHORT_SESSION.session(), Duration.ofSeconds(2));

    @Test
    void aZombieThatCommitsAfterLosingItsPartitionsLeavesEveryEffectOnce() throws Exception {
        String topic = TestKafka.freshTopic("zombie", PARTITIONS);
        Workload workload = Workload.of(SIZE.events(), SIZE.duplicatePercent(), PARTITIONS, 41);
        workload.publishAll(TestKafka.bootstrapServers(), topic);
        String successorName = "zombie-successor-" + UUID.randomUUID();
        ServiceUnderTest service = ServiceUnderTest.of(SERVICE, topic, db).withBatchSize(50).withTimeouts(IMPATIENT);
        ServiceUnderTest successorService =
                service.withTimeouts(ServiceUnderTest.SHORT_SESSION).withApplicationName(successorName);
        StallingHandler stalling = new StallingHandler();
        Disruptions disruptions = new Disruptions();

        try (RunningService zombie = service.inProcess(stalling)) {
            assertThat(stalling.entered.await(30, TimeUnit.SECONDS)).as("the zombie's first unit of work began").isTrue();
            // Stuck in its first unit of work, with its claims written and not committed, past max.poll.interval.ms.
            await().atMost(Duration.ofSeconds(30)).until(() -> TestKafka.memberCount(SERVICE) == 0);
            try (RunningService successor = successorService.inProcess()) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> TestKafka.isStableWith(SERVICE, topic, PARTITIONS, 1));
                // The successor's claims of the zombie's events wait on the zombie's uncommitted ones.
                await().atMost(Duration.ofSeconds(30)).until(() -> db.count("""
                        SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND wait_event_type = 'Lock'""",
                        successorName) > 0);

                stalling.release.countDown();
                await().atMost(SIZE.patience()).until(() -> {
                    zombie.assertAlive();
                    successor.assertAlive();
                    return TestKafka.committedOffsets(SERVICE, topic).equals(TestKafka.endOffsets(topic, PARTITIONS));
                });
                disruptions.skipped(successor.statistics().duplicatesSkipped());
            }
            disruptions.skipped(zombie.statistics().duplicatesSkipped());
            disruptions.rebalanced();
        }

        HistoryChecker.Figures figures = HistoryChecker.assertExactlyOnce(
                "zombie, " + stalling.held.get() + " events committed late", workload, db, SERVICE, disruptions);
        assertThat(stalling.held.get()).isPositive();
        // Each distinct event is processed once; every other delivery, the zombie's events given to the successor
        // included, is a skip.
        assertThat(figures.duplicatesSkipped())
                .isGreaterThanOrEqualTo(figures.produced() + stalling.held.get() - figures.distinct());
    }

    /** The sample handler, stalled in its first call until the test releases it. */
    private static final class StallingHandler implements EventHandler<UserCreated> {

        private final EventHandler<UserCreated> sample = RunningService.sampleHandler();
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger held = new AtomicInteger();

        @Override
        public void handle(Transaction transaction, IncomingEvent<UserCreated> event) {
            handleAll(transaction, List.of(event));
        }

        @Override
        public void handleAll(Transaction transaction, List<IncomingEvent<UserCreated>> events) {
            sample.handleAll(transaction, events);
            if (entered.getCount() > 0) {
                held.set(events.size());
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }
}
