package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.eventidempotency.application.idempotency.IdempotentEventProcessor;
import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.bootstrap.config.ProcessingMode;
import dev.eventidempotency.bootstrap.local.DemoEventStream;
import dev.eventidempotency.bootstrap.testing.EndToEndTest;
import dev.eventidempotency.bootstrap.testing.TestKafka;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.UserCreated;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** Through the real Kafka adapter and the real database: redelivered events have their effects once. */
class ExactlyOnceEndToEndIT extends EndToEndTest {

    private static final int PARTITIONS = 3;

    @ParameterizedTest
    @EnumSource(ProcessingMode.class)
    void aThousandRecordsWithTwoHundredResentHaveEightHundredEffectsEvenAfterARewindToTheBeginning(ProcessingMode mode)
            throws Exception {
        String topic = TestKafka.freshTopic("resent", PARTITIONS);
        DemoEventStream stream = DemoEventStream.of(1_000, 200, 42);
        stream.publishTo(TestKafka.bootstrapServers(), topic);
        ListAppender<ILoggingEvent> processorLog = captureDebugLogOf(IdempotentEventProcessor.class.getPackageName());

        try (RunningService service = RunningService.start(mode, "user-service", topic, db)) {
            service.awaitAccountedFor(1_000);
            assertThat(service.statistics().processed()).isEqualTo(800);
            assertThat(service.statistics().duplicatesSkipped()).isEqualTo(200);
        }
        assertEffects(800);
        assertThat(TestKafka.committedOffsets("user-service", topic)).isEqualTo(TestKafka.endOffsets(topic, PARTITIONS));
        String resentId = stream.records().stream()
                .collect(Collectors.groupingBy(DemoEventStream.Event::eventId, Collectors.counting()))
                .entrySet().stream().filter(idAndCount -> idAndCount.getValue() > 1).findFirst().orElseThrow().getKey();
        assertThat(processorLog.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("Event " + resentId + " already processed, skipping");

        TestKafka.rewindToBeginning("user-service", topic, PARTITIONS);
        try (RunningService replay = RunningService.start(mode, "user-service", topic, db)) {
            replay.awaitAccountedFor(1_000);
            assertThat(replay.statistics().processed()).isZero();
            assertThat(replay.statistics().duplicatesSkipped()).isEqualTo(1_000);
        }
        assertEffects(800);
    }

    @Test
    void twoServicesOnOneTopicEachProcessEveryEventOnce() throws Exception {
        String topic = TestKafka.freshTopic("two-services", PARTITIONS);
        DemoEventStream stream = DemoEventStream.of(300, 60, 7);
        stream.publishTo(TestKafka.bootstrapServers(), topic);
        List<String> audited = new CopyOnWriteArrayList<>();
        EventHandler<UserCreated> audit = (Transaction transaction, IncomingEvent<UserCreated> event) ->
                audited.add(event.id().value());

        try (RunningService users = RunningService.start("user-service", topic, db);
             RunningService auditor = RunningService.start(ProcessingMode.BATCH, "audit-service", topic, db, audit)) {
            users.awaitAccountedFor(300);
            auditor.awaitAccountedFor(300);
        }

        assertEffects(240);
        assertThat(audited).hasSize(240).doesNotHaveDuplicates();
        assertThat(db.query("""
                SELECT service_name || ' ' || count(*) FROM processed_events GROUP BY service_name ORDER BY 1"""))
                .containsExactly("audit-service 240", "user-service 240");
        Set<String> distinctIds = stream.records().stream().map(DemoEventStream.Event::eventId).collect(Collectors.toSet());
        assertThat(Set.copyOf(db.query("SELECT event_id FROM processed_events WHERE service_name = 'audit-service'")))
                .isEqualTo(distinctIds);
    }

    private static void assertEffects(long distinctEvents) {
        assertThat(Map.of(
                "users", db.count("SELECT count(*) FROM users"),
                "users_registered", db.count("SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'users_registered'"),
                "ledger", db.count("SELECT count(*) FROM processed_events WHERE service_name = 'user-service'")))
                .isEqualTo(Map.of("users", distinctEvents, "users_registered", distinctEvents, "ledger", distinctEvents));
    }

    private static ListAppender<ILoggingEvent> captureDebugLogOf(String loggerName) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        logger.setLevel(Level.DEBUG);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }
}
