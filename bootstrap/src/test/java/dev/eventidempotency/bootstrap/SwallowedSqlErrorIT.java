package dev.eventidempotency.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventidempotency.adapter.kafka.DeadLetterTopic;
import dev.eventidempotency.adapter.postgres.AbortedTransactionException;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A handler that catches a SQL error and carries on. PostgreSQL has aborted its transaction, so the
 * COMMIT rolls back in silence (pgjdbc's {@code commit()} returns as if it had committed): the event
 * would count as processed, its offset would be committed, and it would have no effect and no ledger
 * row, lost for good. The unit of work refuses to commit it instead: the event is never counted as a
 * success; it is retried as a handler bug, then dead-lettered with a reason that names the SQLSTATE.
 */
class SwallowedSqlErrorIT extends EndToEndTest {

    private static final int MAX_ATTEMPTS = 3;

    @ParameterizedTest
    @EnumSource(ProcessingMode.class)
    void anEventWhoseHandlerSwallowedASqlErrorIsNeverCommittedAsDoneAndEndsInTheDeadLetterTopic(ProcessingMode mode)
            throws Exception {
        String topic = TestKafka.freshTopic("swallowed-sql-error", 1);
        DemoEventStream stream = DemoEventStream.of(10, 0, 12);
        stream.publishTo(TestKafka.bootstrapServers(), topic);
        String swallowingId = stream.records().get(4).eventId();
        EventHandler<UserCreated> sample = RunningService.sampleHandler();
        EventHandler<UserCreated> registeringTwice = (Transaction transaction, IncomingEvent<UserCreated> event) -> {
            sample.handle(transaction, event);
            if (event.id().value().equals(swallowingId)) {
                try {
                    sample.handle(transaction, event);
                } catch (RuntimeException registeredAlready) {
                    // The defect under test: "the user exists already, fine" after a 23505.
                }
            }
        };

        try (RunningService service = RunningService.start(mode, "user-service", topic, db, registeringTwice, MAX_ATTEMPTS)) {
            service.awaitAccountedFor(10);
            assertThat(service.statistics().processed()).as("events committed as processed").isEqualTo(9);
            assertThat(service.statistics().deadLettered()).isEqualTo(1);
            assertThat(service.statistics().retries()).isEqualTo(MAX_ATTEMPTS - 1);
        }

        assertThat(db.count("SELECT count(*) FROM processed_events WHERE event_id = ?", swallowingId)).isZero();
        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(9);
        assertThat(TestKafka.committedOffsets("user-service", topic)).isEqualTo(Map.of(0, 10L));
        List<ConsumerRecord<byte[], byte[]>> deadLetters = TestKafka.readFromBeginning(DeadLetterTopic.nameFor(topic), 1);
        assertThat(deadLetters).singleElement().satisfies(deadLetter -> {
            assertThat(TestKafka.header(deadLetter, DeadLetterTopic.ORIGINAL_OFFSET)).isEqualTo("4");
            assertThat(TestKafka.header(deadLetter, DeadLetterTopic.REASON))
                    .contains("a SQL error was swallowed: SQLSTATE 23505 (ERROR: duplicate key value violates unique constraint");
            assertThat(TestKafka.header(deadLetter, DeadLetterTopic.ERROR_CLASS))
                    .isEqualTo(AbortedTransactionException.class.getName());
        });
    }
}
