package dev.eventidempotency.adapter.postgres.outbox;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.adapter.postgres.outbox.OutboxMapper.OutboxRow;
import dev.eventidempotency.adapter.postgres.outbox.OutboxMapper.StatusCount;
import dev.eventidempotency.application.outbox.port.out.EmailOutbox;
import dev.eventidempotency.application.outbox.port.out.OutboxBacklog;
import dev.eventidempotency.application.outbox.port.out.OutboxCounts;
import dev.eventidempotency.application.outbox.port.out.OutboxInspection;
import dev.eventidempotency.application.outbox.port.out.ParkedMessage;
import dev.eventidempotency.application.outbox.port.out.PendingEmail;
import dev.eventidempotency.application.outbox.port.out.PendingEmails;
import dev.eventidempotency.application.outbox.port.out.SentMessageRetention;
import dev.eventidempotency.application.outbox.port.out.TraceContext;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import dev.eventidempotency.domain.shared.EmailAddress;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The e-mail outbox in the {@code outbox_emails} table: every port of it, each a narrow view of one table.
 * An e-mail is stored with the trace context current when it is queued (see {@link CurrentTrace}).
 */
public final class MyBatisEmailOutbox implements EmailOutbox, PendingEmails, SentMessageRetention,
        OutboxInspection<MessageId>, OutboxBacklog {

    /** The column's width; a mail server's reply can be longer, and its start says what went wrong. */
    static final int MAX_ERROR_LENGTH = 1000;

    @Override
    public void enqueue(Transaction transaction, List<OutgoingEmail> emails) {
        if (emails.isEmpty()) {
            return;
        }
        TraceContext trace = CurrentTrace.capture();
        mapper(transaction).insertAll(
                column(emails, email -> email.id().value()),
                column(emails, email -> email.event().value()),
                column(emails, email -> email.from().value()),
                column(emails, email -> email.to().value()),
                column(emails, OutgoingEmail::subject),
                column(emails, OutgoingEmail::body),
                CurrentTrace.orNull(trace.traceparent()), CurrentTrace.orNull(trace.tracestate()));
    }

    @Override
    public Optional<PendingEmail> claimNextDue(Transaction transaction, Instant now, Instant leaseUntil) {
        return Optional.ofNullable(mapper(transaction).claimNextDue(utc(now), utc(leaseUntil)))
                .map(MyBatisEmailOutbox::pending);
    }

    @Override
    public void markSent(Transaction transaction, MessageId id, Instant sentAt) {
        mapper(transaction).markSent(id.value(), utc(sentAt));
    }

    @Override
    public void retryLater(Transaction transaction, MessageId id, Instant nextAttemptAt, String reason) {
        mapper(transaction).retryLater(id.value(), utc(nextAttemptAt), shortened(reason));
    }

    @Override
    public void park(Transaction transaction, MessageId id, String reason) {
        mapper(transaction).park(id.value(), shortened(reason));
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
    public List<ParkedMessage<MessageId>> parked(Transaction transaction, int limit) {
        return mapper(transaction).parked(limit).stream()
                .map(row -> new ParkedMessage<>(new MessageId(row.messageId()),
                        "event " + row.eventId() + "  to " + row.recipient(), row.failedAttempts(), row.lastError()))
                .toList();
    }

    @Override
    public boolean requeueParked(Transaction transaction, MessageId id) {
        return mapper(transaction).requeueParked(id.value()) == 1;
    }

    private static PendingEmail pending(OutboxRow row) {
        OutgoingEmail email = new OutgoingEmail(new MessageId(row.messageId()), new EventId(row.eventId()),
                new EmailAddress(row.sender()), new EmailAddress(row.recipient()), row.subject(), row.body());
        return new PendingEmail(email, row.failedAttempts(), CurrentTrace.of(row.traceparent(), row.tracestate()));
    }

    static String shortened(String reason) {
        String text = reason == null || reason.isBlank() ? "no reason given" : reason;
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }

    private static String[] column(List<OutgoingEmail> emails, Function<OutgoingEmail, String> value) {
        return emails.stream().map(value).toArray(String[]::new);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static OutboxMapper mapper(Transaction transaction) {
        return MyBatisTransaction.mapper(transaction, OutboxMapper.class);
    }
}
