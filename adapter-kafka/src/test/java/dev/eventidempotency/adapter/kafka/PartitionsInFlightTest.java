package dev.eventidempotency.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batches at work on real threads, held back by latches the test opens. */
class PartitionsInFlightTest {

    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);
    private static final Duration LONG = Duration.ofSeconds(10);

    private final PartitionsInFlight inFlight = new PartitionsInFlight(2, "test");
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        inFlight.close();
    }

    @Test
    void aFinishedBatchsReportComesBackOnceAndItsPartitionIsFreeAgain() {
        PartitionReport report = PartitionReport.untouched(P0);
        inFlight.start(P0, () -> report);

        assertThat(inFlight.finished(LONG)).containsExactly(report);
        assertThat(inFlight.isEmpty()).isTrue();
        assertThat(inFlight.finished(Duration.ZERO)).isEmpty();
    }

    @Test
    void thePollThreadGoesOnWhileABatchWorksAndAPartitionRunsOneBatchAtATime() {
        inFlight.start(P0, heldBack(P0));

        assertThat(inFlight.finished(Duration.ZERO)).isEmpty();
        assertThat(inFlight.partitions()).containsExactly(P0);
        assertThatThrownBy(() -> inFlight.start(P0, () -> PartitionReport.untouched(P0)))
                .isInstanceOf(IllegalStateException.class);
        release.countDown();
        assertThat(inFlight.finished(LONG)).hasSize(1);
    }

    @Test
    void awaitingGoingPartitionsReturnsWhatFinishedAndAbandonsTheRestWhoseReportsAreDropped() throws Exception {
        PartitionReport quick = PartitionReport.untouched(P1);
        CountDownLatch slowDone = new CountDownLatch(1);
        inFlight.start(P0, () -> {
            PartitionReport late = heldBack(P0).get();
            slowDone.countDown();
            return late;
        });
        inFlight.start(P1, () -> quick);

        assertThat(inFlight.await(List.of(P0, P1), Duration.ofMillis(200))).containsExactly(quick);
        assertThat(inFlight.isEmpty()).isTrue();
        release.countDown();
        assertThat(slowDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight.finished(Duration.ofMillis(100))).isEmpty();
    }

    @Test
    void aForgottenPartitionsLateReportIsDropped() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        inFlight.start(P0, () -> {
            PartitionReport late = heldBack(P0).get();
            done.countDown();
            return late;
        });

        inFlight.forget(P0);
        release.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight.finished(Duration.ofMillis(100))).isEmpty();
        inFlight.start(P0, () -> PartitionReport.untouched(P0));
        assertThat(inFlight.finished(LONG)).hasSize(1);
    }

    @Test
    void aBatchThatFailedUnexpectedlyIsThrownOnThePollThread() {
        inFlight.start(P0, () -> {
            throw new IllegalStateException("a bug");
        });

        assertThatThrownBy(() -> inFlight.finished(LONG)).hasMessage("a bug");
    }

    private Supplier<PartitionReport> heldBack(TopicPartition partition) {
        return () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return PartitionReport.untouched(partition);
        };
    }
}
