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
import org.apache.ibatis.type.ArrayTypeHandler;

/**
 * SQL of the event outbox: set-based recording, and the relay's claims of a batch of rows with a lease,
 * as the e-mail outbox's ({@link OutboxMapper}), and an order per topic and key on top.
 */
public interface EventOutboxMapper extends OutboxTableMapper {

    /** One row per event, in the order given (its {@code position}); each payload comes as JSON text. */
    @Insert("""
            INSERT INTO outbox_events (event_id, topic, event_key, event_type, occurred_at, payload, traceparent, tracestate)
            SELECT e.event_id, e.topic, e.event_key, e.event_type, e.occurred_at, e.payload, #{traceparent}, #{tracestate}
            FROM unnest(#{eventIds}::varchar[], #{topics}::varchar[], #{keys}::varchar[], #{types}::varchar[],
                        #{occurredAts}::timestamptz[], #{payloads}::jsonb[]) WITH ORDINALITY
                 AS e(event_id, topic, event_key, event_type, occurred_at, payload, ordinal)
            ORDER BY e.ordinal
            ON CONFLICT (event_id) DO NOTHING""")
    void insertAll(@Param("eventIds") String[] eventIds, @Param("topics") String[] topics, @Param("keys") String[] keys,
            @Param("types") String[] types, @Param("occurredAts") String[] occurredAts, @Param("payloads") String[] payloads,
            @Param("traceparent") String traceparent, @Param("tracestate") String tracestate);

    /**
     * Leases the oldest due rows, at most {@code limit}, that no relay holds and that no unsent row of
     * their topic and key precedes, and returns them; the lease outlives the transaction. Only the first
     * unsent row of a key can qualify, so a batch holds at most one row per key. A row that another
     * transaction is claiming is passed over, not waited for, and so are the rows behind it: that row is
     * unsent. {@code ARRAY(...)} runs the locking subquery once.
     */
    @Select("""
            UPDATE outbox_events SET lease_until = #{leaseUntil}
            WHERE event_id = ANY(ARRAY(
                SELECT e.event_id FROM outbox_events e
                WHERE e.status = 'pending' AND e.next_attempt_at <= #{now}
                  AND (e.lease_until IS NULL OR e.lease_until <= #{now})
                  AND NOT EXISTS (
                      SELECT 1 FROM outbox_events earlier
                      WHERE earlier.topic = e.topic AND earlier.event_key = e.event_key
                        AND earlier.position < e.position AND earlier.status <> 'sent')
                ORDER BY e.next_attempt_at, e.position
                LIMIT #{limit}
                FOR UPDATE OF e SKIP LOCKED))
            RETURNING event_id, topic, event_key, event_type, occurred_at,
                      ARRAY(SELECT key FROM jsonb_each_text(payload) ORDER BY key) AS field_names,
                      ARRAY(SELECT value FROM jsonb_each_text(payload) ORDER BY key) AS field_values,
                      failed_attempts, traceparent, tracestate""")
    @Options(flushCache = FlushCachePolicy.TRUE, useCache = false)
    @ConstructorArgs({
            @Arg(column = "event_id", javaType = String.class),
            @Arg(column = "topic", javaType = String.class),
            @Arg(column = "event_key", javaType = String.class),
            @Arg(column = "event_type", javaType = String.class),
            @Arg(column = "occurred_at", javaType = OffsetDateTime.class),
            @Arg(column = "field_names", javaType = Object.class, typeHandler = ArrayTypeHandler.class),
            @Arg(column = "field_values", javaType = Object.class, typeHandler = ArrayTypeHandler.class),
            @Arg(column = "failed_attempts", javaType = int.class),
            @Arg(column = "traceparent", javaType = String.class),
            @Arg(column = "tracestate", javaType = String.class)})
    List<EventRow> claimDue(@Param("now") OffsetDateTime now, @Param("leaseUntil") OffsetDateTime leaseUntil,
            @Param("limit") int limit);

    // The relay's results change only a pending row: a relay whose lease ran out must not undo another's.
    @Override
    @Update("""
            UPDATE outbox_events SET status = 'sent', sent_at = #{sentAt}, lease_until = NULL
            WHERE event_id = ANY(#{eventIds}::varchar[]) AND status = 'pending'""")
    void markSent(@Param("eventIds") String[] eventIds, @Param("sentAt") OffsetDateTime sentAt);

    @Override
    @Update("""
            UPDATE outbox_events
            SET failed_attempts = failed_attempts + 1, next_attempt_at = #{nextAttemptAt}, last_error = #{reason},
                lease_until = NULL
            WHERE event_id = #{eventId} AND status = 'pending'""")
    void retryLater(@Param("eventId") String eventId, @Param("nextAttemptAt") OffsetDateTime nextAttemptAt,
            @Param("reason") String reason);

    @Override
    @Update("""
            UPDATE outbox_events
            SET status = 'parked', failed_attempts = failed_attempts + 1, last_error = #{reason}, lease_until = NULL
            WHERE event_id = #{eventId} AND status = 'pending'""")
    void park(@Param("eventId") String eventId, @Param("reason") String reason);

    @Override
    @Select("SELECT status, count(*) AS messages FROM outbox_events GROUP BY status")
    @ConstructorArgs({
            @Arg(column = "status", javaType = String.class),
            @Arg(column = "messages", javaType = long.class)})
    List<StatusCount> countByStatus();

    @Override
    @Select("SELECT min(created_at) FROM outbox_events WHERE status = 'pending'")
    OffsetDateTime oldestPendingSince();

    @Select("""
            SELECT event_id, topic, event_key, failed_attempts, last_error FROM outbox_events
            WHERE status = 'parked' ORDER BY position LIMIT #{limit}""")
    @ConstructorArgs({
            @Arg(column = "event_id", javaType = String.class),
            @Arg(column = "topic", javaType = String.class),
            @Arg(column = "event_key", javaType = String.class),
            @Arg(column = "failed_attempts", javaType = int.class),
            @Arg(column = "last_error", javaType = String.class)})
    List<ParkedEventRow> parked(@Param("limit") int limit);

    /** Gives a parked event a fresh start: due now, with no failed attempts; the events behind it follow. */
    @Override
    @Update("""
            UPDATE outbox_events SET status = 'pending', failed_attempts = 0, next_attempt_at = now()
            WHERE event_id = #{eventId} AND status = 'parked'""")
    int requeueParked(@Param("eventId") String eventId);

    @Override
    @Select("SELECT count(*) FROM outbox_events WHERE status = 'sent' AND sent_at < #{cutoff}")
    long countSentBefore(@Param("cutoff") OffsetDateTime cutoff);

    /** One batch of retention, by primary key, as the ledger's (see LedgerMapper.deleteOldest). */
    @Override
    @Delete("""
            DELETE FROM outbox_events
            WHERE event_id = ANY(ARRAY(
                SELECT event_id FROM outbox_events
                WHERE status = 'sent' AND sent_at < #{cutoff}
                ORDER BY sent_at
                LIMIT #{limit}))""")
    int deleteSentBefore(@Param("cutoff") OffsetDateTime cutoff, @Param("limit") int limit);

    /** The payload's names and values come as {@code text[]}: the driver gives them as {@code String[]}. */
    record EventRow(String eventId, String topic, String eventKey, String eventType, OffsetDateTime occurredAt,
            Object fieldNames, Object fieldValues, int failedAttempts, String traceparent, String tracestate) {
    }

    record ParkedEventRow(String eventId, String topic, String eventKey, int failedAttempts, String lastError) {
    }
}
