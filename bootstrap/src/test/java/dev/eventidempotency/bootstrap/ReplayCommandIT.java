package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.bootstrap.demo.DemoEventStream;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ledger forget and replay on the real broker and database: the note's "reprocess an event". */
class ReplayCommandIT extends EndToEndTest {

    private static final int PARTITIONS = 3;
    private static final int EVENTS = 60;

    private String topic;
    private String service;
    private DemoEventStream stream;
    private Instant beforePublishing;

    @BeforeEach
    void consumedTopic() throws Exception {
        topic = TestKafka.freshTopic("replay", PARTITIONS);
        service = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        beforePublishing = Instant.now().minusSeconds(1);
        stream = DemoEventStream.of(EVENTS, 0, 5);
        stream.publishTo(TestKafka.bootstrapServers(), topic);
        try (RunningService consumer = RunningService.start(service, topic, db)) {
            consumer.awaitAccountedFor(EVENTS);
        }
    }

    @Test
    void aForgottenEventIsProcessedExactlyOnceMoreAfterAReplayAndEveryOtherIsSkipped() throws Exception {
        DemoEventStream.Event lost = stream.records().get(17);
        db.execute("DELETE FROM users WHERE user_id = '" + lost.userId() + "'");

        CommandRun forget = run("ledger", "forget", "--event-id", lost.eventId(), "--service", service,
                "--reason", "users row lost in a restore");
        assertThat(forget.exitCode()).as(forget.err()).isZero();
        CommandRun replay = run("replay", "--from-timestamp", beforePublishing.toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).startsWith("Rewound consumer group '" + service + "' on topic '" + topic + "':")
                .contains("  partition 0: ", "  partition 2: ");
        assertThat(TestKafka.committedOffsets(service, topic)).isEqualTo(Map.of(0, 0L, 1, 0L, 2, 0L));

        try (RunningService again = RunningService.start(service, topic, db)) {
            again.awaitAccountedFor(EVENTS);
            assertThat(again.statistics().processed()).isEqualTo(1);
            assertThat(again.statistics().duplicatesSkipped()).isEqualTo(EVENTS - 1);
        }
        assertThat(db.count("SELECT count(*) FROM users WHERE user_id = ?::uuid", lost.userId())).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(EVENTS);
        assertThat(db.count("SELECT value FROM counters WHERE name = 'users_registered'")).isEqualTo(EVENTS + 1);
        assertThat(db.count("SELECT count(*) FROM processed_events WHERE event_id = ?", lost.eventId())).isEqualTo(1);
    }

    @Test
    void onePartitionFromAnOffsetLeavesTheOthersWhereTheyWere() {
        Map<Integer, Long> ends = TestKafka.endOffsets(topic, PARTITIONS);

        CommandRun replay = run("replay", "--from-offset", "2", "--partition", "1");

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("  partition 1: " + ends.get(1) + " -> 2").doesNotContain("partition 0");
        assertThat(TestKafka.committedOffsets(service, topic)).isEqualTo(Map.of(0, ends.get(0), 1, 2L, 2, ends.get(2)));
    }

    @Test
    void anOffsetPastThePartitionsEndOrAMissingPartitionIsAUsageError() {
        CommandRun pastTheEnd = run("replay", "--from-offset", "100000", "--partition", "0");
        assertThat(pastTheEnd.exitCode()).isEqualTo(2);
        assertThat(pastTheEnd.err()).startsWith("replay: offset 100000 is past the end of partition 0 of '" + topic + "'");

        CommandRun noSuchPartition = run("replay", "--from-offset", "0", "--partition", "7");
        assertThat(noSuchPartition.exitCode()).isEqualTo(2);
        assertThat(noSuchPartition.err()).startsWith("replay: topic '" + topic + "' has no partition 7; its partitions are 0 to 2");
    }

    @Test
    void whileTheServiceRunsReplayRefusesAndWithForceTheBrokerRefusesAndTheOffsetsStay() throws Exception {
        Map<Integer, Long> committed = TestKafka.committedOffsets(service, topic);
        try (RunningService running = RunningService.start(service, topic, db); Admin admin = TestKafka.admin()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.describeConsumerGroups(List.of(service))
                    .describedGroups().get(service).get().members().isEmpty());

            CommandRun refused = run("replay", "--from-offset", "0");
            assertThat(refused.exitCode()).isEqualTo(4);
            assertThat(refused.err()).startsWith("Replay refused: consumer group '" + service + "' has 1 live member(s): ")
                    .contains("Stop every instance of the service first");

            CommandRun forced = run("replay", "--from-offset", "0", "--force");
            assertThat(forced.exitCode()).as(forced.out() + forced.err()).isEqualTo(4);
            assertThat(forced.err()).startsWith("Replay refused: the broker refused to move the offsets of consumer group '"
                    + service + "'").contains("never moves the offsets of a group with live members");
        }
        assertThat(TestKafka.committedOffsets(service, topic)).isEqualTo(committed);
    }

    private CommandRun run(String... arguments) {
        PostgresSettings server = TestPostgres.server();
        return CommandRun.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(), "EVENTS_TOPIC", topic,
                "SERVICE_NAME", service, "DB_URL", server.jdbcUrl(), "DB_USER", server.user(),
                "DB_PASSWORD", server.password(), "DB_SCHEMA", db.schema()), arguments);
    }
}
