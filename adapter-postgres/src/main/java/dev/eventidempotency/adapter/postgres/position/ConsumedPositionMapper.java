package dev.eventidempotency.adapter.postgres.position;

import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Options.FlushCachePolicy;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** SQL of the consumed positions. */
public interface ConsumedPositionMapper {

    record StoredPosition(int partition, long nextOffset) {
    }

    /** One round trip for all partitions; partitions in order, so two writers lock rows alike. */
    @Insert("""
            INSERT INTO consumer_positions (service_name, topic, kafka_partition, next_offset)
            SELECT #{serviceName}, #{topic}, moved.kafka_partition, moved.next_offset
            FROM unnest(#{partitions}::integer[], #{nextOffsets}::bigint[]) AS moved(kafka_partition, next_offset)
            ORDER BY moved.kafka_partition
            ON CONFLICT (service_name, topic, kafka_partition)
            DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()""")
    void save(@Param("serviceName") String serviceName, @Param("topic") String topic,
            @Param("partitions") Integer[] partitions, @Param("nextOffsets") Long[] nextOffsets);

    @Select("""
            SELECT kafka_partition AS partition, next_offset FROM consumer_positions
            WHERE service_name = #{serviceName} AND topic = #{topic}""")
    @Options(flushCache = FlushCachePolicy.TRUE, useCache = false)
    List<StoredPosition> load(@Param("serviceName") String serviceName, @Param("topic") String topic);
}
