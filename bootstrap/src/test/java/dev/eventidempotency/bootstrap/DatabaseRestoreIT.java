package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.bootstrap.config.ProcessingMode;
import dev.eventidempotency.bootstrap.guarantees.SchemaDump;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database restored to an earlier point (a point-in-time restore, a failover to a replica that
 * lagged) lost the effects of the events processed after that point, but Kafka's offsets are past
 * them. The database's own consumed position came back with the dump, so the service reads the gap
 * again by itself: every event has its effect, exactly once.
 */
class DatabaseRestoreIT extends EndToEndTest {

    @ParameterizedTest
    @EnumSource(ProcessingMode.class)
    void afterARestoreToAnEarlierPointEveryEventHasItsEffectAgainExactlyOnce(ProcessingMode mode) throws Exception {
        String topic = TestKafka.freshTopic("restore", 2);
        List<DemoEventStream.Event> events = DemoEventStream.of(120, 20, 31).records();
        TestKafka.publish(topic, 1024 * 1024, events.subList(0, 60).stream().map(DemoEventStream.Event::value).toList());
        try (RunningService service = RunningService.start(mode, "user-service", topic, db)) {
            service.awaitAccountedFor(60);
        }
        long usersAtDump = db.count("SELECT count(*) FROM users");
        SchemaDump dump = SchemaDump.of(TestPostgres.server(), db.schema());

        TestKafka.publish(topic, 1024 * 1024, events.subList(60, 120).stream().map(DemoEventStream.Event::value).toList());
        try (RunningService service = RunningService.start(mode, "user-service", topic, db)) {
            service.awaitAccountedFor(60);
            assertThat(service.statistics().readAgainForDatabase()).as("a restart without a restore").isZero();
        }
        long usersBeforeRestore = db.count("SELECT count(*) FROM users");
        dump.restore();
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(usersAtDump).isLessThan(usersBeforeRestore);

        try (RunningService service = RunningService.start(mode, "user-service", topic, db)) {
            service.awaitAccountedFor(60);
            assertThat(service.statistics().readAgainForDatabase()).isEqualTo(60);
        }
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(usersBeforeRestore);
        assertThat(db.count("SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'users_registered'")).isEqualTo(usersBeforeRestore);
        assertThat(db.count("SELECT count(*) FROM processed_events")).isEqualTo(usersBeforeRestore);
    }
}
