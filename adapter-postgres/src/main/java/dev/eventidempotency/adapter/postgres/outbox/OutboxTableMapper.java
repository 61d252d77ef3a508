package dev.eventidempotency.adapter.postgres.outbox;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The statements both outbox tables answer alike, a row by its primary key: {@link OutboxMapper} and
 * {@link EventOutboxMapper} each declare them again with their own table's SQL, so that
 * {@link MyBatisOutboxTable} serves both with no table name spliced into a statement.
 */
interface OutboxTableMapper {

    void markSent(String[] ids, OffsetDateTime sentAt);

    void retryLater(String id, OffsetDateTime nextAttemptAt, String reason);

    void park(String id, String reason);

    List<StatusCount> countByStatus();

    OffsetDateTime oldestPendingSince();

    long countSentBefore(OffsetDateTime cutoff);

    int deleteSentBefore(OffsetDateTime cutoff, int limit);

    int requeueParked(String id);

    /** How many of the table's messages have {@code status}. */
    record StatusCount(String status, long messages) {
    }
}
