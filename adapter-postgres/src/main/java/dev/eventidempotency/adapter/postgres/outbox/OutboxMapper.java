package dev.eventidempotency.adapter.postgres.outbox;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options.FlushCachePolicy;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL of the e-mail outbox: set-based recording, and the relay's claims of a batch of rows with a lease. */
public interface OutboxMapper extends OutboxTableMapper {

    @Insert("""
            INSERT INTO outbox_emails (message_id, event_id, sender, recipient, subject, body, traceparent, tracestate)
            SELECT *, #{traceparent,jdbcType=VARCHAR}::varchar, #{tracestate,jdbcType=VARCHAR}::varchar
            FROM unnest(#{messageIds}::varchar[], #{eventIds}::varchar[], #{senders}::varchar[],
                        #{recipients}::varchar[], #{subjects}::varchar[], #{bodies}::text[])
            ON CONFLICT (message_id) DO NOTHING""")
    void insertAll(@Param("messageIds") String[] messageIds, @Param("eventIds") String[] eventIds,
            @Param("senders") String[] senders, @Param("recipients") String[] recipients,
            @Param("subjects") String[] subjects, @Param("bodies") String[] bodies,
            @Param("traceparent") String traceparent, @Param("tracestate") String tracestate);

    /**
     * Leases the oldest due rows, at most {@code limit}, that no relay holds and returns them; the lease
     * outlives the transaction. Rows that another transaction is claiming are passed over, not waited for.
     * {@code ARRAY(...)} runs the locking subquery once, as the retention's delete does.
     */
    @Select("""
            UPDATE outbox_emails SET lease_until = #{leaseUntil}
            WHERE message_id = ANY(ARRAY(
                SELECT message_id FROM outbox_emails
                WHERE status = 'pending' AND next_attempt_at <= #{now}
                  AND (lease_until IS NULL OR lease_until <= #{now})
                ORDER BY next_attempt_at
                LIMIT #{limit}
                FOR UPDATE SKIP LOCKED))
            RETURNING message_id, event_id, sender, recipient, subject, body, failed_attempts, traceparent, tracestate""")
    @Options(flushCache = FlushCachePolicy.TRUE, useCache = false)
    @ConstructorArgs({
            @Arg(column = "message_id", javaType = String.class),
            @Arg(column = "event_id", javaType = String.class),
            @Arg(column = "sender", javaType = String.class),
            @Arg(column = "recipient", javaType = String.class),
            @Arg(column = "subject", javaType = String.class),
            @Arg(column = "body", javaType = String.class),
            @Arg(column = "failed_attempts", javaType = int.class),
            @Arg(column = "traceparent", javaType = String.class),
            @Arg(column = "tracestate", javaType = String.class)})
    List<OutboxRow> claimDue(@Param("now") OffsetDateTime now, @Param("leaseUntil") OffsetDateTime leaseUntil,
            @Param("limit") int limit);

    // The relay's results change only a pending row: a relay whose lease ran out must not undo another's.
    @Override
    @Update("""
            UPDATE outbox_emails SET status = 'sent', sent_at = #{sentAt}, lease_until = NULL
            WHERE message_id = ANY(#{messageIds}::varchar[]) AND status = 'pending'""")
    void markSent(@Param("messageIds") String[] messageIds, @Param("sentAt") OffsetDateTime sentAt);

    @Override
    @Update("""
            UPDATE outbox_emails
            SET failed_attempts = failed_attempts + 1, next_attempt_at = #{nextAttemptAt}, last_error = #{reason},
                lease_until = NULL
            WHERE message_id = #{messageId} AND status = 'pending'""")
    void retryLater(@Param("messageId") String messageId, @Param("nextAttemptAt") OffsetDateTime nextAttemptAt,
            @Param("reason") String reason);

    @Override
    @Update("""
            UPDATE outbox_emails
            SET status = 'parked', failed_attempts = failed_attempts + 1, last_error = #{reason}, lease_until = NULL
            WHERE message_id = #{messageId} AND status = 'pending'""")
    void park(@Param("messageId") String messageId, @Param("reason") String reason);

    @Override
    @Select("SELECT status, count(*) AS messages FROM outbox_emails GROUP BY status")
    @ConstructorArgs({
            @Arg(column = "status", javaType = String.class),
            @Arg(column = "messages", javaType = long.class)})
    List<StatusCount> countByStatus();

    @Override
    @Select("SELECT min(created_at) FROM outbox_emails WHERE status = 'pending'")
    OffsetDateTime oldestPendingSince();

    @Select("""
            SELECT message_id, event_id, recipient, failed_attempts, last_error FROM outbox_emails
            WHERE status = 'parked' ORDER BY created_at, message_id LIMIT #{limit}""")
    @ConstructorArgs({
            @Arg(column = "message_id", javaType = String.class),
            @Arg(column = "event_id", javaType = String.class),
            @Arg(column = "recipient", javaType = String.class),
            @Arg(column = "failed_attempts", javaType = int.class),
            @Arg(column = "last_error", javaType = String.class)})
    List<ParkedRow> parked(@Param("limit") int limit);

    /** Gives a parked e-mail a fresh start: due now, with no failed attempts. */
    @Override
    @Update("""
            UPDATE outbox_emails SET status = 'pending', failed_attempts = 0, next_attempt_at = now()
            WHERE message_id = #{messageId} AND status = 'parked'""")
    int requeueParked(@Param("messageId") String messageId);

    @Override
    @Select("SELECT count(*) FROM outbox_emails WHERE status = 'sent' AND sent_at < #{cutoff}")
    long countSentBefore(@Param("cutoff") OffsetDateTime cutoff);

    /** One batch of retention, by primary key, as the ledger's (see LedgerMapper.deleteOldest). */
    @Override
    @Delete("""
            DELETE FROM outbox_emails
            WHERE message_id = ANY(ARRAY(
                SELECT message_id FROM outbox_emails
                WHERE status = 'sent' AND sent_at < #{cutoff}
                ORDER BY sent_at
                LIMIT #{limit}))""")
    int deleteSentBefore(@Param("cutoff") OffsetDateTime cutoff, @Param("limit") int limit);

    record OutboxRow(String messageId, String eventId, String sender, String recipient, String subject, String body,
            int failedAttempts, String traceparent, String tracestate) {
    }

    record ParkedRow(String messageId, String eventId, String recipient, int failedAttempts, String lastError) {
    }
}
