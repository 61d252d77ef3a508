package dev.eventidempotency.adapter.postgres.outbox;

import dev.eventidempotency.adapter.postgres.MyBatisTransaction;
import dev.eventidempotency.adapter.postgres.outbox.OutboxMapper.OutboxRow;
import dev.eventidempotency.application.outbox.port.out.EmailOutbox;
import dev.eventidempotency.application.outbox.port.out.OutboxBacklog;
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
import java.util.List;
import java.util.function.Function;

/**
 * The e-mail outbox in the {@code outbox_emails} table: every port of it, each a narrow view of one table.
 * An e-mail is stored with the trace context current when it is queued (see {@link CurrentTrace}).
 */
public final class MyBatisEmailOutbox extends MyBatisOutboxTable<OutgoingEmail, MessageId>
        implements EmailOutbox, PendingEmails, SentMessageRetention, OutboxInspection<MessageId>, OutboxBacklog {

    public MyBatisEmailOutbox() {
        super(OutboxMapper.class, MessageId::value);
    }

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
    public List<PendingEmail> claimDue(Transaction transaction, Instant now, Instant leaseUntil, int limit) {
        return mapper(transaction).claimDue(utc(now), utc(leaseUntil), limit).stream()
                .map(MyBatisEmailOutbox::pending)
                .toList();
    }

    @Override
    public List<ParkedMessage<MessageId>> parked(Transaction transaction, int limit) {
        return mapper(transaction).parked(limit).stream()
                .map(row -> new ParkedMessage<>(new MessageId(row.messageId()),
                        "event " + row.eventId() + "  to " + row.recipient(), row.failedAttempts(), row.lastError()))
                .toList();
    }

    private static PendingEmail pending(OutboxRow row) {
        OutgoingEmail email = new OutgoingEmail(new MessageId(row.messageId()), new EventId(row.eventId()),
                new EmailAddress(row.sender()), new EmailAddress(row.recipient()), row.subject(), row.body());
        return new PendingEmail(email, row.failedAttempts(), CurrentTrace.of(row.traceparent(), row.tracestate()));
    }

    private static String[] column(List<OutgoingEmail> emails, Function<OutgoingEmail, String> value) {
        return emails.stream().map(value).toArray(String[]::new);
    }

    private static OutboxMapper mapper(Transaction transaction) {
        return MyBatisTransaction.mapper(transaction, OutboxMapper.class);
    }
}
