package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.kafka.KafkaConnection;
import dev.eventidempotency.adapter.kafka.KafkaTopics;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.bootstrap.RunningService;
import dev.eventidempotency.bootstrap.local.LocalKafkaBroker;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL or the broker goes away while the service consumes, and comes back. The service keeps
 * running, commits no offset past a record whose effects are not committed, retries with backoff,
 * and resumes on its own.
 */
class OutageIT extends EndToEndTest {

    private static final String SERVICE = "outage-service";
    private static final int PARTITIONS = 3;
    private static final GuaranteeSize SIZE = GuaranteeSize.configured();

    /**
     * The service reaches PostgreSQL through a proxy that the test cuts (every connection dropped, new
     * ones refused) and restores; the test's own checks go to the server directly. The server itself
     * is shared with other work and is never stopped.
     */
    @Test
    void aServiceCutOffFromPostgresqlCommitsNoOffsetPastUnprocessedRecordsAndResumesOnItsOwn() throws Exception {
        String topic = TestKafka.freshTopic("db-outage", PARTITIONS);
        Workload workload = Workload.of(SIZE.events(), SIZE.duplicatePercent(), PARTITIONS, 43);
        Disruptions disruptions = new Disruptions();
        int slices = 2 * SIZE.outages() + 1;

        try (PostgresProxy proxy = PostgresProxy.inFrontOf(TestPostgres.server().withSchema(db.schema()));
             RunningService service = ServiceUnderTest.of(SERVICE, topic, db).withBatchSize(50)
                     .withPostgres(proxy.settings()).inProcess()) {
            for (int outage = 0; outage < SIZE.outages(); outage++) {
                workload.publishSlice(TestKafka.bootstrapServers(), topic, 2 * outage, slices);
                long before = ledgerRows();
                await().atMost(Duration.ofSeconds(60)).until(() -> ledgerRows() > before);

                proxy.cut();
                disruptions.outage();
                long failuresBefore = service.statistics().environmentFailures();
                // Events keep arriving while the database is away.
                workload.publishSlice(TestKafka.bootstrapServers(), topic, 2 * outage + 1, slices);
                // The outage may hit a unit of work or the save of the consumed positions: either is an environment failure.
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    service.assertAlive();
                    return service.statistics().environmentFailures() > failuresBefore;
                });
                assertThat(committedPastUnprocessed(workload, topic)).as("records committed in Kafka, not in PostgreSQL")
                        .isZero();
                proxy.restore();
            }
            workload.publishSlice(TestKafka.bootstrapServers(), topic, slices - 1, slices);
            await().atMost(SIZE.patience()).until(() -> {
                service.assertAlive();
                return TestKafka.committedOffsets(SERVICE, topic).equals(TestKafka.endOffsets(topic, PARTITIONS));
            });
            assertThat(service.statistics().environmentFailures()).isGreaterThanOrEqualTo(SIZE.outages());
            disruptions.skipped(service.statistics().duplicatesSkipped());
        }

        HistoryChecker.assertExactlyOnce("PostgreSQL outages (proxy cut)", workload, db, SERVICE, disruptions);
    }

    /** The broker is killed (SIGKILL) and restarted on the same port and data, while the service consumes. */
    @Test
    void aServiceWhoseBrokerIsKilledAndRestartedResumesOnItsOwn() throws Exception {
        Workload workload = Workload.of(SIZE.events(), SIZE.duplicatePercent(), PARTITIONS, 47);
        Disruptions disruptions = new Disruptions();
        int slices = SIZE.outages() + 1;

        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            String topic = "broker-outage";
            KafkaTopics.createIfMissing(KafkaConnection.to(broker.bootstrapServers()), topic, PARTITIONS);
            try (RunningService service = ServiceUnderTest.of(SERVICE, topic, db).withBatchSize(50)
                    .withKafka(broker.bootstrapServers()).inProcess()) {
                for (int outage = 0; outage < SIZE.outages(); outage++) {
                    workload.publishSlice(broker.bootstrapServers(), topic, outage, slices);
                    long before = ledgerRows();
                    await().atMost(Duration.ofSeconds(60)).until(() -> ledgerRows() > before);

                    broker.kill();
                    disruptions.outage();
                    broker.restart();
                    service.assertAlive();
                }
                workload.publishSlice(broker.bootstrapServers(), topic, slices - 1, slices);
                int distinct = workload.distinctAmongFirst(workload.size());
                await().atMost(SIZE.patience()).until(() -> {
                    service.assertAlive();
                    return ledgerRows() == distinct;
                });
                service.awaitAccountedFor(workload.size(), SIZE.patience());
                disruptions.skipped(service.statistics().duplicatesSkipped());
            }
        }

        HistoryChecker.assertExactlyOnce("broker killed and restarted", workload, db, SERVICE, disruptions);
    }

    /** Published records below their partition's committed offset whose event has no ledger row. */
    private static long committedPastUnprocessed(Workload workload, String topic) {
        Set<String> applied = Set.copyOf(db.query("SELECT event_id FROM processed_events"));
        return workload.publishedBelow(TestKafka.committedOffsets(SERVICE, topic)).stream()
                .filter(record -> !applied.contains(record.planned().eventId()))
                .count();
    }

    private static long ledgerRows() {
        return db.count("SELECT count(*) FROM processed_events");
    }
}
