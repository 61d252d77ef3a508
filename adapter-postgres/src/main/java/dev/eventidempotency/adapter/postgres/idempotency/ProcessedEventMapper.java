package dev.eventidempotency.adapter.postgres.idempotency;

import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Options.FlushCachePolicy;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** SQL of the ledger. */
public interface ProcessedEventMapper {

    /** 1 if this transaction inserted the row, 0 if the unique key already held it. */
    @Insert("""
            INSERT INTO processed_events (event_id, service_name, topic)
            VALUES (#{eventId}, #{serviceName}, #{topic})
            ON CONFLICT ON CONSTRAINT unique_event_per_service DO NOTHING""")
    int claim(@Param("eventId") String eventId, @Param("serviceName") String serviceName, @Param("topic") String topic);

    /**
     * The ids this statement inserted, in no particular order. A write that returns rows has to be
     * mapped as a select: the unit of work forces its commit and rollback for that reason, and the
     * cache flush keeps a repeated claim from being answered without asking the database. Rows are
     * inserted in id order, so two batches that overlap take their locks in the same order and
     * wait for each other instead of deadlocking.
     */
    @Select("""
            INSERT INTO processed_events (event_id, service_name, topic)
            SELECT DISTINCT claimed.event_id, #{serviceName}, #{topic}
            FROM unnest(#{eventIds}::varchar[]) AS claimed(event_id)
            ORDER BY claimed.event_id
            ON CONFLICT ON CONSTRAINT unique_event_per_service DO NOTHING
            RETURNING event_id""")
    @Options(flushCache = FlushCachePolicy.TRUE, useCache = false)
    List<String> claimAll(@Param("serviceName") String serviceName, @Param("topic") String topic,
            @Param("eventIds") String[] eventIds);
}
