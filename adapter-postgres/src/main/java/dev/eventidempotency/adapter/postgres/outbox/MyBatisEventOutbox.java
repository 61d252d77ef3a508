package dev.eventidempotency.adapter.postgres.outbox;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.adapter.postgres.outbox.EventOutboxMapper.EventRow;
import dev.eventidempotency.adapter.postgres.outbox.OutboxMapper.StatusCount;
import dev.eventidempotency.application.outbox.port.out.EventOutbox;
import dev.eventidempotency.application.outbox.port.out.OutboxBacklog;
import dev.eventidempotency.application.outbox.port.out.OutboxCounts;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event outbox in the {@code outbox_events} table: every port of it, each a narrow view of one table.
 * An event is stored with the trace context current when it is recorded (see {@link CurrentTrace}).
 */
public final class MyBatisEventOutbox implements EventOutbox, PendingEvents, SentMessageRetention,
        OutboxInspection<EventId>, OutboxBacklog {

    @Override
    public void record(Transaction transaction, List<OutgoingEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        TraceContext trace = CurrentTrace.capture();
        List<String> owners = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (OutgoingEvent event : events) {
            event.payload().forEach((name, value) -> {
                owners.add(event.id().value());
                names.add(name);
                values.add(value);
            });
        }
        mapper(transaction).insertAll(
                column(events, event -> event.id().value()),
                column(events, event -> event.topic().value()),
                column(events, OutgoingEvent::key),
                column(events, OutgoingEvent::type),
                column(events, event -> event.occurredAt().toString()),
                owners.toArray(String[]::new), names.toArray(String[]::new), values.toArray(String[]::new),
                CurrentTrace.orNull(trace.traceparent()), CurrentTrace.orNull(trace.tracestate()));
    }

    @Override
    public Optional<PendingEvent> claimNextDue(Transaction transaction, Instant now, Instant leaseUntil) {
        return Optional.ofNullable(mapper(transaction).claimNextDue(utc(now), utc(leaseUntil)))
                .map(MyBatisEventOutbox::pending);
    }

    @Override
    public void markSent(Transaction transaction, EventId id, Instant sentAt) {
        mapper(transaction).markSent(id.value(), utc(sentAt));
    }

    @Override
    public void retryLater(Transaction transaction, EventId id, Instant nextAttemptAt, String reason) {
        mapper(transaction).retryLater(id.value(), utc(nextAttemptAt), MyBatisEmailOutbox.shortened(reason));
    }

    @Override
    public void park(Transaction transaction, EventId id, String reason) {
        mapper(transaction).park(id.value(), MyBatisEmailOutbox.shortened(reason));
    }

    @Override
    public long countSentBefore(Transaction transaction, Instant cutoff) {
        return mapper(transaction).countSentBefore(utc(cutoff));
    }

    @Override
    public int deleteSentBefore(Transaction transaction, Instant cutoff, int limit) {
        return mapper(transaction).deleteSentBefore(utc(cutoff), limit);
    }

    @Override
    public OutboxCounts counts(Transaction transaction) {
        Map<String, Long> byStatus = mapper(transaction).countByStatus().stream()
                .collect(Collectors.toMap(StatusCount::status, StatusCount::emails));
        return new OutboxCounts(byStatus.getOrDefault("pending", 0L), byStatus.getOrDefault("sent", 0L),
                byStatus.getOrDefault("parked", 0L));
    }

    @Override
    public Optional<Instant> oldestPendingSince(Transaction transaction) {
        return Optional.ofNullable(mapper(transaction).oldestPendingSince()).map(OffsetDateTime::toInstant);
    }

    @Override
    public List<ParkedMessage<EventId>> parked(Transaction transaction, int limit) {
        return mapper(transaction).parked(limit).stream()
                .map(row -> new ParkedMessage<>(new EventId(row.eventId()), "topic " + row.topic() + "  key " + row.eventKey(),
                        row.failedAttempts(), row.lastError()))
                .toList();
    }

    @Override
    public boolean requeueParked(Transaction transaction, EventId id) {
        return mapper(transaction).requeueParked(id.value()) == 1;
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

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static EventOutboxMapper mapper(Transaction transaction) {
        return MyBatisTransaction.mapper(transaction, EventOutboxMapper.class);
    }
}
