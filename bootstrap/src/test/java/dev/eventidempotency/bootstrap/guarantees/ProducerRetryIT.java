package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.bootstrap.RunningService;
import dev.eventidempotency.bootstrap.guarantees.Workload.Placement;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A retrying producer stores one event 2 to 5 times: right behind itself (one poll), later on its
 * partition, and on another partition under another key. Each event has its effects once.
 */
class ProducerRetryIT extends EndToEndTest {

    private static final String SERVICE = "retry-service";
    private static final GuaranteeSize SIZE = GuaranteeSize.configured();

    @ParameterizedTest
    @EnumSource(ConsumingMode.class)
    void everyCopyOfAResentEventIsSkippedWhereverItLanded(ConsumingMode mode) throws Exception {
        String topic = TestKafka.freshTopic("retries", 3);
        // Three times the usual share of re-sends: this case is about nothing else.
        Workload workload = Workload.of(SIZE.events(), 3 * SIZE.duplicatePercent(), 3, 3);
        assertThat(workload.placements()).as("every kind of re-send is in the workload")
                .containsKeys(Placement.values()).doesNotContainValue(0);
        workload.publishAll(TestKafka.bootstrapServers(), topic);
        Disruptions disruptions = new Disruptions();

        try (RunningService service = mode.applyTo(ServiceUnderTest.of(SERVICE, topic, db)).inProcess()) {
            service.awaitAccountedFor(workload.size(), SIZE.patience());
            disruptions.skipped(service.statistics().duplicatesSkipped());
        }

        HistoryChecker.Figures figures =
                HistoryChecker.assertExactlyOnce("producer retry, " + mode.label(), workload, db, SERVICE, disruptions);
        assertThat(figures.duplicatesSkipped()).isEqualTo(figures.produced() - figures.distinct());
    }
}
