package dev.eventidempotency.application.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.PayloadFingerprint;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimedEventHandlerTest {

    private final Transaction transaction = new Transaction() { };
    private final LatencyHistogram durations = new LatencyHistogram();
    private final List<String> handled = new ArrayList<>();

    @Test
    void aBatchReachesTheHandlerWholeInTheSameTransactionAndCountsAsOneDuration() {
        EventHandler<String> handler = new TimedEventHandler<>(new RecordingHandler(), durations);

        handler.handleAll(transaction, List.of(event("a"), event("b")));

        assertThat(handled).containsExactly("a", "b");
        assertThat(durations.count()).isEqualTo(1);
    }

    @Test
    void aHandlerThatThrowsIsTimedAndItsFailureReachesTheCaller() {
        EventHandler<String> failing = (given, event) -> {
            throw new IllegalStateException("refused " + event.payload());
        };
        EventHandler<String> handler = new TimedEventHandler<>(failing, durations);

        assertThatThrownBy(() -> handler.handle(transaction, event("a"))).hasMessage("refused a");
        assertThat(durations.count()).isEqualTo(1);
    }

    private final class RecordingHandler implements EventHandler<String> {

        @Override
        public void handle(Transaction given, IncomingEvent<String> event) {
            throw new AssertionError("a batch must reach the handler's handleAll, which may write set-wise");
        }

        @Override
        public void handleAll(Transaction given, List<IncomingEvent<String>> events) {
            assertThat(given).isSameAs(transaction);
            events.forEach(event -> handled.add(event.payload()));
        }
    }

    private static IncomingEvent<String> event(String id) {
        return new IncomingEvent<>(new EventId(id), new TopicName("events"), Instant.parse("2026-11-28T10:00:00Z"), id,
                PayloadFingerprint.of(id));
    }
}
