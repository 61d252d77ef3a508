package dev.eventidempotency.adapter.postgres.idempotency;

import java.util.List;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Options.FlushCachePolicy;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** SQL of the ledger. */
public interface ProcessedEventMapper {

    /** The fingerprint a ledger row holds for an event id (null: claimed before fingerprints existed). */
    record StoredFingerprint(String eventId, String fingerprint) {
    }

    /**
     * The ids this statement inserted, in no particular order. A write that returns rows has to be
     * mapped as a select: the unit of work forces its commit and rollback for that reason, and the
     * cache flush keeps a repeated claim from being answered without asking the database. Rows are
     * inserted in id order, so two batches that overlap take their locks in the same order and
     * wait for each other instead of deadlocking.
     */
    @Select("""
            INSERT INTO processed_events (event_id, service_name, topic, payload_fingerprint)
            SELECT claimed.event_id, #{serviceName}, claimed.topic, claimed.fingerprint
            FROM unnest(#{eventIds}::varchar[], #{topics}::varchar[], #{fingerprints}::char(64)[])
                AS claimed(event_id, topic, fingerprint)
            ORDER BY claimed.event_id
            ON CONFLICT ON CONSTRAINT unique_event_per_service DO NOTHING
            RETURNING event_id""")
    @Options(flushCache = FlushCachePolicy.TRUE, useCache = false)
    List<String> claimAll(@Param("serviceName") String serviceName, @Param("eventIds") String[] eventIds,
            @Param("topics") String[] topics, @Param("fingerprints") String[] fingerprints);

    /** What the ledger holds for ids that were not claimed, to tell a redelivery from a reused id. */
    @Select("""
            SELECT event_id, payload_fingerprint AS fingerprint FROM processed_events
            WHERE service_name = #{serviceName} AND event_id = ANY(#{eventIds}::varchar[])""")
    @Options(flushCache = FlushCachePolicy.TRUE, useCache = false)
    List<StoredFingerprint> fingerprintsOf(@Param("serviceName") String serviceName, @Param("eventIds") String[] eventIds);
}
