package dev.eventidempotency.adapter.postgres.ledger;

import dev.eventidempotency.application.ledger.port.out.DuplicateClaim;
import dev.eventidempotency.application.ledger.port.out.LedgerEntry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Options.FlushCachePolicy;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.ResultMap;
import org.apache.ibatis.annotations.Results;
import org.apache.ibatis.annotations.Select;

/** SQL of the ledger's operations: lookups, the audited removal, and retention. */
public interface LedgerMapper {

    @Select("""
            SELECT id, event_id, service_name, topic, processed_at FROM processed_events
            WHERE event_id = #{eventId}
              AND (#{serviceName,jdbcType=VARCHAR}::varchar IS NULL OR service_name = #{serviceName,jdbcType=VARCHAR})
            ORDER BY service_name""")
    @Results(id = "ledgerEntry")
    @ConstructorArgs({
            @Arg(column = "id", javaType = long.class),
            @Arg(column = "event_id", javaType = String.class),
            @Arg(column = "service_name", javaType = String.class),
            @Arg(column = "topic", javaType = String.class),
            @Arg(column = "processed_at", javaType = Instant.class)})
    List<LedgerEntry> entries(@Param("eventId") String eventId, @Param("serviceName") String serviceNameOrNull);

    /** The note's monitoring query. */
    @Select("""
            SELECT event_id, service_name, count(*) AS rows FROM processed_events
            GROUP BY event_id, service_name HAVING count(*) > 1
            ORDER BY count(*) DESC, event_id, service_name""")
    @ConstructorArgs({
            @Arg(column = "event_id", javaType = String.class),
            @Arg(column = "service_name", javaType = String.class),
            @Arg(column = "rows", javaType = long.class)})
    List<DuplicateClaim> duplicates();

    @Select("SELECT count(*) FROM processed_events WHERE processed_at < #{cutoff}")
    long countProcessedBefore(@Param("cutoff") OffsetDateTime cutoff);

    @Select("SELECT count(*) FROM processed_events WHERE service_name = #{serviceName} AND processed_at < #{cutoff}")
    long countProcessedBeforeOf(@Param("serviceName") String serviceName, @Param("cutoff") OffsetDateTime cutoff);

    /** A write that returns the row it deleted: mapped as a select, so the cache must be flushed. */
    @Select("""
            DELETE FROM processed_events WHERE event_id = #{eventId} AND service_name = #{serviceName}
            RETURNING id, event_id, service_name, topic, processed_at""")
    @ResultMap("ledgerEntry")
    @Options(flushCache = FlushCachePolicy.TRUE, useCache = false)
    LedgerEntry remove(@Param("eventId") String eventId, @Param("serviceName") String serviceName);

    @Insert("""
            INSERT INTO forgotten_events (ledger_id, event_id, service_name, topic, processed_at, forgotten_by, reason)
            VALUES (#{removed.id}, #{removed.eventId}, #{removed.serviceName}, #{removed.topic}, #{processedAt},
                    #{operator}, #{reason})""")
    void recordForgotten(@Param("removed") LedgerEntry removed, @Param("processedAt") OffsetDateTime processedAt,
            @Param("operator") String operator, @Param("reason") String reason);

    /**
     * One batch of retention of every service's rows ({@code ledger purge --all-services}).
     * {@code id = ANY(ARRAY(subquery))} runs the subquery once, on the processed_at index, and deletes
     * by primary key; the {@code id IN (subquery)} form was planned as a scan of the whole table per
     * batch (docs/operations.md, "Retention").
     */
    @Delete("""
            DELETE FROM processed_events
            WHERE id = ANY(ARRAY(
                SELECT id FROM processed_events
                WHERE processed_at < #{cutoff}
                ORDER BY processed_at
                LIMIT #{limit}))""")
    int deleteOldest(@Param("cutoff") OffsetDateTime cutoff, @Param("limit") int limit);

    /**
     * One batch of one service's retention, as {@link #deleteOldest}, on the (service_name,
     * processed_at) index (V7): a statement of its own rather than an optional condition, so that no
     * generic plan can fall back to the processed_at index and walk past the other services' rows.
     */
    @Delete("""
            DELETE FROM processed_events
            WHERE id = ANY(ARRAY(
                SELECT id FROM processed_events
                WHERE service_name = #{serviceName} AND processed_at < #{cutoff}
                ORDER BY processed_at
                LIMIT #{limit}))""")
    int deleteOldestOf(@Param("serviceName") String serviceName, @Param("cutoff") OffsetDateTime cutoff,
            @Param("limit") int limit);
}
