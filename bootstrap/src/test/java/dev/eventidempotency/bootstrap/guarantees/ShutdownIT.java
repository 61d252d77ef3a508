package dev.eventidempotency.bootstrap.guarantees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.kafka.GroupProtocolChoice;
import dev.eventidempotency.adapter.kafka.GroupTimeouts;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.bootstrap.StallingRun;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM at the worst moments ends the process within seconds, with exit 0 and what finished
 * committed: while the group rebalances around a member that was killed and is still registered,
 * whether the instance is joining or giving partitions up, in the middle of a batch, and while it waits
 * for a database that was cut off.
 */
class ShutdownIT extends EndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownIT.class);
    private static final int PARTITIONS = 6;
    private static final Duration FEW_SECONDS = Duration.ofSeconds(5);
    private static final String CLEAN_STOP = "Stopped cleanly: offsets committed, connections closed";

    /**
     * A member killed (SIGKILL) stays registered for Kafka's own 45 s session, so the rebalances of
     * these tests cannot finish before the SIGTERM: the broker holds back the join of a new member
     * until the dead one has rejoined or expired.
     */
    /** As an instance of a rolling deploy meets it: the old instance stops while the new one is still joining. */
    @ParameterizedTest
    @EnumSource(value = GroupProtocolChoice.class, names = {"CLASSIC", "CONSUMER"})
    void sigtermToAMemberWhoseJoinTheBrokerHoldsBackExitsZeroWithinSeconds(GroupProtocolChoice protocol)
            throws Exception {
        String group = "shutdown-joining-" + protocol.label();
        ServiceUnderTest service = serviceWithAKilledMember(group, protocol);

        try (ServiceProcess staying = service.jar(); ServiceProcess killed = service.jar()) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> TestKafka.isStableWith(group, service.topic(), PARTITIONS, 2));
            killed.kill();
            try (ServiceProcess joining = service.jar()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> joining.log().contains("Consuming"));
                // The joining member's request reached the broker, which cannot answer it before the dead member expires.
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> state(group) != GroupState.STABLE);

                assertStopsCleanlyWithinSeconds(staying, "the member that was there before");
                assertStopsCleanlyWithinSeconds(joining, "the joining member, its join held back");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GroupProtocolChoice.class, names = {"CLASSIC", "CONSUMER"})
    void sigtermToAMemberGivingUpPartitionsInARebalanceThatCannotFinishExitsZeroWithinSeconds(GroupProtocolChoice protocol)
            throws Exception {
        String group = "shutdown-rebalancing-" + protocol.label();
        ServiceUnderTest service = serviceWithAKilledMember(group, protocol);

        try (ServiceProcess staying = service.jar(); ServiceProcess killed = service.jar()) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> TestKafka.isStableWith(group, service.topic(), PARTITIONS, 2));
            killed.kill();
            long revocationsBefore = revocations(staying);
            try (ServiceProcess joining = service.jar()) {
                // The staying member gave partitions up for the joining one, and the group cannot settle without the dead one.
                await().atMost(Duration.ofSeconds(30)).until(() -> revocations(staying) > revocationsBefore);
                assertThat(state(group)).isNotEqualTo(GroupState.STABLE);

                assertStopsCleanlyWithinSeconds(staying, "the staying member, mid-rebalance");
                assertStopsCleanlyWithinSeconds(joining, "the joining member");
            }
        }
    }

    /** The batch in hand finishes and is committed; the rest of the poll is left to the next owner. */
    @ParameterizedTest
    @EnumSource(value = GroupProtocolChoice.class, names = {"CLASSIC", "CONSUMER"})
    void sigtermInTheMiddleOfABatchCommitsWhatFinishedAndExitsZeroWithinSeconds(GroupProtocolChoice protocol)
            throws Exception {
        String group = "shutdown-mid-batch-" + protocol.label();
        String topic = TestKafka.freshTopic("shutdown", 3);
        DemoEventStream.of(600, 0, 7).publishTo(TestKafka.bootstrapServers(), topic);
        ServiceUnderTest service = ServiceUnderTest.of(group, topic, db).withBatchSize(50).withProtocol(protocol);

        try (ServiceProcess slow = service.testMain(StallingRun.class, Map.of("HANDLER_PAUSE_MS", "20"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM processed_events") >= 100);

            assertStopsCleanlyWithinSeconds(slow, "the member in the middle of a batch");
        }
        long processed = db.count("SELECT count(*) FROM processed_events");
        long committed = TestKafka.committedOffsets(group, topic).values().stream().mapToLong(Long::longValue).sum();
        assertThat(processed).as("the service stopped before the end of the topic").isLessThan(600);
        assertThat(committed).as("every processed event's offset was committed, and no other").isEqualTo(processed);
    }

    /**
     * The database is cut off: the service waits for it with every partition paused, and a SIGTERM ends
     * that wait. Bounded by the unit of work in hand (its pool wait, {@code DB_POOL_TIMEOUT}, 3 s), the
     * consumer's close (2 s) and the pool's own shutdown, which waits for a connection attempt (3 s).
     */
    @Test
    void sigtermDuringADatabaseOutageExitsZeroWithinSeconds() throws Exception {
        String topic = TestKafka.freshTopic("shutdown-outage", 3);
        DemoEventStream.of(600, 0, 9).publishTo(TestKafka.bootstrapServers(), topic);
        try (PostgresProxy proxy = PostgresProxy.inFrontOf(TestPostgres.server().withSchema(db.schema()))) {
            ServiceUnderTest service = ServiceUnderTest.of("shutdown-outage", topic, db).withBatchSize(20)
                    .withPostgres(proxy.settings());
            try (ServiceProcess cutOff = service.testMain(StallingRun.class, Map.of("HANDLER_PAUSE_MS", "20"))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM processed_events") >= 60);
                proxy.cut();
                await().atMost(Duration.ofSeconds(30)).until(() -> cutOff.log().contains("The environment is failing"));

                assertStopsCleanlyWithin(cutOff, "the member waiting for the database", Duration.ofSeconds(10));
            }
        }
    }

    /** Kafka's own session timeouts, so that a killed member stays registered for 45 s. */
    private static ServiceUnderTest serviceWithAKilledMember(String group, GroupProtocolChoice protocol) {
        String topic = TestKafka.freshTopic("shutdown", PARTITIONS);
        DemoEventStream.of(60, 0, 5).publishTo(TestKafka.bootstrapServers(), topic);
        return ServiceUnderTest.of(group, topic, db).withTimeouts(GroupTimeouts.KAFKA_DEFAULTS).withProtocol(protocol);
    }

    private static void assertStopsCleanlyWithinSeconds(ServiceProcess process, String which) {
        assertStopsCleanlyWithin(process, which, FEW_SECONDS);
    }

    private static void assertStopsCleanlyWithin(ServiceProcess process, String which, Duration limit) {
        long started = System.nanoTime();
        int exitCode = process.terminate();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("SIGTERM to {}: exit {} after {} ms", which, exitCode, took.toMillis());

        assertThat(exitCode).as(which + " exits 0\n" + process.logTail()).isZero();
        assertThat(took).as(which + " stops within a few seconds\n" + process.logTail()).isLessThan(limit);
        assertThat(process.log()).contains(CLEAN_STOP);
    }

    private static long revocations(ServiceProcess process) {
        return process.log().lines().filter(line -> line.contains("Partitions revoked")).count();
    }

    private static GroupState state(String group) throws Exception {
        try (Admin admin = TestKafka.admin()) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().groupState();
        }
    }
}
