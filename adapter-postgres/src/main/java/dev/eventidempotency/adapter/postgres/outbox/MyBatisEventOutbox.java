package dev.eventidempotency.adapter.postgres.outbox;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.adapter.postgres.outbox.EventOutboxMapper.EventRow;
import dev.eventidempotency.application.outbox.port.out.EventOutbox;
import dev.eventidempotency.application.outbox.port.out.OutboxBacklog;
import dev.eventidempotency.application.outbox.port.out.OutboxInspection;
import dev.eventidempotency.application.outbox.port.out.ParkedMessage;
import dev.eventidempotency.application.outbox.port.out.PendingEvent;
import dev.eventidempotency.application.outbox.port.out.PendingEvents;
import dev.eventidempotency.application.outbox.port.out.SentMessageRetention;
import dev.eventidempotency.application.outbox.port.out.TraceContext;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.OutgoingEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The event outbox in the {@code outbox_events} table: every port of it, each a narrow view of one table.
 * An event is stored with the trace context current when it is recorded (see {@link CurrentTrace}).
 */
public final class MyBatisEventOutbox extends MyBatisOutboxTable<OutgoingEvent, EventId>
        implements EventOutbox, PendingEvents, SentMessageRetention, OutboxInspection<EventId>, OutboxBacklog {

    public MyBatisEventOutbox() {
        super(EventOutboxMapper.class, EventId::value);
    }

    @Override
    public void record(Transaction transaction, List<OutgoingEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        TraceContext trace = CurrentTrace.capture();
        mapper(transaction).insertAll(
                column(events, event -> event.id().value()),
                column(events, event -> event.topic().value()),
                column(events, OutgoingEvent::key),
                column(events, OutgoingEvent::type),
                column(events, event -> event.occurredAt().toString()),
                column(events, event -> FlatJsonObject.of(event.payload())),
                CurrentTrace.orNull(trace.traceparent()), CurrentTrace.orNull(trace.tracestate()));
    }

    @Override
    public List<PendingEvent> claimDue(Transaction transaction, Instant now, Instant leaseUntil, int limit) {
        return mapper(transaction).claimDue(utc(now), utc(leaseUntil), limit).stream()
                .map(MyBatisEventOutbox::pending)
                .toList();
    }

    @Override
    public List<ParkedMessage<EventId>> parked(Transaction transaction, int limit) {
        return mapper(transaction).parked(limit).stream()
                .map(row -> new ParkedMessage<>(new EventId(row.eventId()), "topic " + row.topic() + "  key " + row.eventKey(),
                        row.failedAttempts(), row.lastError()))
                .toList();
    }

    private static PendingEvent pending(EventRow row) {
        String[] names = (String[]) row.fieldNames();
        String[] values = (String[]) row.fieldValues();
        Map<String, String> payload = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            payload.put(names[i], values[i]);
        }
        OutgoingEvent event = new OutgoingEvent(new EventId(row.eventId()), new TopicName(row.topic()), row.eventKey(),
                row.eventType(), row.occurredAt().toInstant(), payload);
        return new PendingEvent(event, row.failedAttempts(), CurrentTrace.of(row.traceparent(), row.tracestate()));
    }

    private static String[] column(List<OutgoingEvent> events, Function<OutgoingEvent, String> value) {
        return events.stream().map(value).toArray(String[]::new);
    }

    private static EventOutboxMapper mapper(Transaction transaction) {
        return MyBatisTransaction.mapper(transaction, EventOutboxMapper.class);
    }
}
