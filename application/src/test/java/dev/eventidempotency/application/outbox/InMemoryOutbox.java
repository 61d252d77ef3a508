package dev.eventidempotency.application.outbox;

import dev.eventidempotency.application.idempotency.port.out.TransactionalWork;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.outbox.port.out.EmailOutbox;
import dev.eventidempotency.application.outbox.port.out.PendingEmail;
import dev.eventidempotency.application.outbox.port.out.PendingEmails;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake of the outbox and the unit of work together: a transaction sees its own changes, they become
 * visible to others on commit and vanish on rollback, as in PostgreSQL, and it knows whether a
 * transaction is open. Single-threaded; the real adapter's tests cover relays running side by side.
 * {@code InMemoryOutboxTest} holds it to the contracts the PostgreSQL outbox passes too.
 */
final class InMemoryOutbox implements UnitOfWork, EmailOutbox, PendingEmails {

    enum Status { PENDING, SENT, PARKED }

    record Row(OutgoingEmail email, Status status, int failedAttempts, Instant dueAt, Instant leasedUntil,
            String lastError) {
    }

    private final Map<MessageId, Row> committed = new LinkedHashMap<>();
    private boolean transactionOpen;

    private static final class Changes implements Transaction {
        private final Map<MessageId, Row> rows = new LinkedHashMap<>();
    }

    void add(OutgoingEmail email, Instant dueAt) {
        committed.put(email.id(), new Row(email, Status.PENDING, 0, dueAt, null, null));
    }

    Row row(MessageId id) {
        return committed.get(id);
    }

    boolean transactionOpen() {
        return transactionOpen;
    }

    @Override
    public <R> R inTransaction(TransactionalWork<R> work) {
        Changes changes = new Changes();
        transactionOpen = true;
        try {
            R result = work.runIn(changes);
            committed.putAll(changes.rows);
            return result;
        } finally {
            transactionOpen = false;
        }
    }

    /** Due when recorded, by the wall clock, as the database's {@code now()} makes it. */
    @Override
    public void enqueue(Transaction transaction, List<OutgoingEmail> emails) {
        Instant now = Instant.now();
        emails.stream().filter(email -> seenBy(transaction, email.id()) == null).forEach(email ->
                changes(transaction).rows.put(email.id(), new Row(email, Status.PENDING, 0, now, null, null)));
    }

    /** The e-mails due longest, as the database orders them by due time; ties in the order they were recorded. */
    @Override
    public List<PendingEmail> claimDue(Transaction transaction, Instant now, Instant leaseUntil, int limit) {
        Map<MessageId, Row> rows = new LinkedHashMap<>(committed);
        rows.putAll(changes(transaction).rows);
        List<Row> due = rows.values().stream()
                .filter(row -> row.status() == Status.PENDING && !row.dueAt().isAfter(now))
                .filter(row -> row.leasedUntil() == null || !row.leasedUntil().isAfter(now))
                .sorted(Comparator.comparing(Row::dueAt))
                .limit(limit)
                .toList();
        due.forEach(row -> changes(transaction).rows.put(row.email().id(), new Row(row.email(), row.status(),
                row.failedAttempts(), row.dueAt(), leaseUntil, row.lastError())));
        return due.stream().map(row -> new PendingEmail(row.email(), row.failedAttempts())).toList();
    }

    @Override
    public void markSent(Transaction transaction, List<MessageId> ids, Instant sentAt) {
        ids.forEach(id -> change(transaction, id, Status.SENT, 0, sentAt, null));
    }

    @Override
    public void retryLater(Transaction transaction, MessageId id, Instant nextAttemptAt, String reason) {
        change(transaction, id, Status.PENDING, 1, nextAttemptAt, reason);
    }

    @Override
    public void park(Transaction transaction, MessageId id, String reason) {
        change(transaction, id, Status.PARKED, 1, null, reason);
    }

    /** Like the database's {@code UPDATE ... WHERE status = 'pending'}: no pending row, no change. A null due time keeps it. */
    private void change(Transaction transaction, MessageId id, Status status, int failures, Instant dueAt, String reason) {
        Row row = seenBy(transaction, id);
        if (row == null || row.status() != Status.PENDING) {
            return;
        }
        changes(transaction).rows.put(id,
                new Row(row.email(), status, row.failedAttempts() + failures, dueAt == null ? row.dueAt() : dueAt, null, reason));
    }

    private Row seenBy(Transaction transaction, MessageId id) {
        return changes(transaction).rows.getOrDefault(id, committed.get(id));
    }

    private static Changes changes(Transaction transaction) {
        return (Changes) transaction;
    }
}
