package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventidempotency.adapter.postgres.PostgresSettings;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
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
        assertThat(db.count("SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'users_registered'")).isEqualTo(EVENTS + 1);
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
    void replayNeverMovesTheGroupForwardPastRecordsItHasNotProcessedAndMovesNothingWhenItRefuses() throws Exception {
        Map<Integer, Long> committed = TestKafka.committedOffsets(service, topic);
        DemoEventStream.of(30, 0, 6).publishTo(TestKafka.bootstrapServers(), topic);
        Map<Integer, Long> afterFirstLag = TestKafka.endOffsets(topic, PARTITIONS);
        // Record timestamps are milliseconds: the time falls strictly between the two unprocessed batches.
        Instant betweenTheUnprocessedRecords = aMillisecondAfter(Instant.now());
        aMillisecondAfter(betweenTheUnprocessedRecords);
        DemoEventStream.of(30, 0, 7).publishTo(TestKafka.bootstrapServers(), topic);

        CommandRun pastCommitted = run("replay", "--from-offset", String.valueOf(committed.get(1) + 1), "--partition", "1");
        assertThat(pastCommitted.exitCode()).as(pastCommitted.out() + pastCommitted.err()).isEqualTo(4);
        assertThat(pastCommitted.err()).startsWith("Replay refused: a replay only moves consumer group '" + service
                + "' backwards, and on topic '" + topic + "' this one would move it forward, past records it has not processed:")
                .contains("\n  partition 1: committed offset " + committed.get(1) + ", resumes at " + committed.get(1) + "; "
                        + (committed.get(1) + 1) + " would skip 1 record(s) it has not processed\nNothing was changed.");

        CommandRun betweenLags = run("replay", "--from-timestamp", betweenTheUnprocessedRecords.toString());
        assertThat(betweenLags.exitCode()).as(betweenLags.out() + betweenLags.err()).isEqualTo(4);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            long lag = afterFirstLag.get(partition) - committed.get(partition);
            String refusal = "  partition " + partition + ": committed offset " + committed.get(partition);
            if (lag > 0) {
                assertThat(betweenLags.err()).contains(refusal + ", resumes at " + committed.get(partition) + "; "
                        + afterFirstLag.get(partition) + " would skip " + lag + " record(s) it has not processed");
            } else {
                assertThat(betweenLags.err()).doesNotContain(refusal);
            }
        }

        CommandRun future = run("replay", "--from-timestamp", Instant.now().plus(Duration.ofHours(1)).toString());
        assertThat(future.exitCode()).as(future.out() + future.err()).isEqualTo(4);
        assertThat(future.err()).startsWith("Replay refused: --from-timestamp ").contains(" is in the future ");

        assertThat(TestKafka.committedOffsets(service, topic)).isEqualTo(committed);
        try (RunningService again = RunningService.start(service, topic, db)) {
            again.awaitAccountedFor(60);
            assertThat(again.statistics().processed()).isEqualTo(60);
        }
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(EVENTS + 60);
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

    /** Returns once the clock has passed {@code instant}'s millisecond, with the time it then reads. */
    private static Instant aMillisecondAfter(Instant instant) {
        await().pollInterval(Duration.ofMillis(1)).until(() -> Instant.now().toEpochMilli() > instant.toEpochMilli());
        return Instant.now();
    }
}
