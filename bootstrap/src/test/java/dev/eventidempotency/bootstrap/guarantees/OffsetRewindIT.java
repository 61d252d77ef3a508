package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.bootstrap.RunningService;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An operator resets the group's offsets with the Admin API, to the beginning and to a point in
 * time: everything from there is delivered again, and not one new effect appears.
 */
class OffsetRewindIT extends EndToEndTest {

    private static final String SERVICE = "rewound-service";
    private static final int PARTITIONS = 3;
    private static final GuaranteeSize SIZE = GuaranteeSize.configured();

    @Test
    void rewindsToTheBeginningAndToATimestampRedeliverEverythingFromThereAndAddNoEffect() throws Exception {
        String topic = TestKafka.freshTopic("rewinds", PARTITIONS);
        Workload workload = Workload.of(SIZE.events(), SIZE.duplicatePercent(), PARTITIONS, 31);
        workload.publishAll(TestKafka.bootstrapServers(), topic);
        ServiceUnderTest service = ServiceUnderTest.of(SERVICE, topic, db);
        Disruptions disruptions = new Disruptions();
        consume(service, workload.size(), disruptions);
        List<String> effectsBefore = effects();

        TestKafka.rewindToBeginning(SERVICE, topic, PARTITIONS);
        disruptions.rewound();
        assertThat(consume(service, workload.size(), disruptions)).as("processed after the rewind to the beginning").isZero();

        int from = workload.size() / 3;
        TestKafka.rewindToTimestamp(SERVICE, topic, PARTITIONS, workload.timestampOf(from));
        disruptions.rewound();
        assertThat(consume(service, workload.size() - from, disruptions)).as("processed after the rewind to a timestamp")
                .isZero();

        assertThat(effects()).isEqualTo(effectsBefore);
        HistoryChecker.assertExactlyOnce("manual offset rewinds", workload, db, SERVICE, disruptions);
        int resent = workload.size() - workload.distinctAmongFirst(workload.size());
        int replayedFromTheBeginning = workload.size();
        int replayedFromTheTimestamp = workload.size() - from;
        assertThat(disruptions.duplicatesSkipped()).isEqualTo(resent + replayedFromTheBeginning + replayedFromTheTimestamp);
    }

    /** Runs the service until {@code records} records are accounted for; returns how many it processed. */
    private static long consume(ServiceUnderTest service, int records, Disruptions disruptions) throws Exception {
        try (RunningService running = service.inProcess()) {
            running.awaitAccountedFor(records, SIZE.patience());
            disruptions.skipped(running.statistics().duplicatesSkipped());
            return running.statistics().processed();
        }
    }

    private static List<String> effects() {
        return db.query("""
                SELECT user_id || ' ' || email || ' ' || (SELECT sum(value) FROM counters WHERE name = 'users_registered')
                FROM users ORDER BY 1""");
    }
}
