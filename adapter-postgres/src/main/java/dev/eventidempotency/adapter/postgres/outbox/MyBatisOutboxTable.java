package dev.eventidempotency.adapter.postgres.outbox;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.adapter.postgres.outbox.OutboxTableMapper.StatusCount;
import dev.eventidempotency.application.outbox.port.out.LeasedOutbox;
import dev.eventidempotency.application.outbox.port.out.OutboxBacklog;
import dev.eventidempotency.application.outbox.port.out.OutboxCounts;
import dev.eventidempotency.application.outbox.port.out.OutboxInspection;
import dev.eventidempotency.application.outbox.port.out.SentMessageRetention;
import dev.eventidempotency.domain.idempotency.Transaction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the two outboxes do alike, each through its own table's mapper: the relay's results, the backlog,
 * retention and the operator's requeue. A message of kind {@code M} has an id of kind {@code I}, the
 * table's primary key as {@code key} writes it; recording, claiming and listing differ per table and stay
 * with each outbox.
 */
abstract class MyBatisOutboxTable<M, I>
        implements LeasedOutbox<M, I>, SentMessageRetention, OutboxBacklog, OutboxInspection<I> {

    /** The width of {@code last_error}; a receiver's answer can be longer, and its start says what went wrong. */
    static final int MAX_ERROR_LENGTH = 1000;

    private final Class<? extends OutboxTableMapper> mapperType;
    private final Function<I, String> key;

    MyBatisOutboxTable(Class<? extends OutboxTableMapper> mapperType, Function<I, String> key) {
        this.mapperType = mapperType;
        this.key = key;
    }

    @Override
    public void markSent(Transaction transaction, List<I> ids, Instant sentAt) {
        table(transaction).markSent(ids.stream().map(key).toArray(String[]::new), utc(sentAt));
    }

    @Override
    public void retryLater(Transaction transaction, I id, Instant nextAttemptAt, String reason) {
        table(transaction).retryLater(key.apply(id), utc(nextAttemptAt), shortened(reason));
    }

    @Override
    public void park(Transaction transaction, I id, String reason) {
        table(transaction).park(key.apply(id), shortened(reason));
    }

    @Override
    public long countSentBefore(Transaction transaction, Instant cutoff) {
        return table(transaction).countSentBefore(utc(cutoff));
    }

    @Override
    public int deleteSentBefore(Transaction transaction, Instant cutoff, int limit) {
        return table(transaction).deleteSentBefore(utc(cutoff), limit);
    }

    @Override
    public OutboxCounts counts(Transaction transaction) {
        Map<String, Long> byStatus = table(transaction).countByStatus().stream()
                .collect(Collectors.toMap(StatusCount::status, StatusCount::messages));
        return new OutboxCounts(byStatus.getOrDefault("pending", 0L), byStatus.getOrDefault("sent", 0L),
                byStatus.getOrDefault("parked", 0L));
    }

    @Override
    public Optional<Instant> oldestPendingSince(Transaction transaction) {
        return Optional.ofNullable(table(transaction).oldestPendingSince()).map(OffsetDateTime::toInstant);
    }

    @Override
    public boolean requeueParked(Transaction transaction, I id) {
        return table(transaction).requeueParked(key.apply(id)) == 1;
    }

    private OutboxTableMapper table(Transaction transaction) {
        return MyBatisTransaction.mapper(transaction, mapperType);
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static String shortened(String reason) {
        String text = reason == null || reason.isBlank() ? "no reason given" : reason;
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
