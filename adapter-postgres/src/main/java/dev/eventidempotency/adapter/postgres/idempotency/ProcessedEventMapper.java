package dev.eventidempotency.adapter.postgres.idempotency;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;

/** SQL of the ledger. Writes are mapped as writes so MyBatis knows the session is dirty. */
public interface ProcessedEventMapper {

    /** 1 if this transaction inserted the row, 0 if the unique key already held it. */
    @Insert("""
            INSERT INTO processed_events (event_id, service_name, topic)
            VALUES (#{eventId}, #{serviceName}, #{topic})
            ON CONFLICT ON CONSTRAINT unique_event_per_service DO NOTHING""")
    int claim(@Param("eventId") String eventId, @Param("serviceName") String serviceName, @Param("topic") String topic);
}
