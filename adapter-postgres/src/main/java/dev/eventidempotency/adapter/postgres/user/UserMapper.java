package dev.eventidempotency.adapter.postgres.user;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Update;

/** SQL of the sample business tables, set-based: one statement per batch, whatever its size. */
public interface UserMapper {

    @Insert("""
            INSERT INTO users (user_id, email, name, created_at)
            SELECT * FROM unnest(#{userIds}::uuid[], #{emails}::varchar[], #{names}::varchar[], #{createdAts}::timestamptz[])""")
    void insertUsers(@Param("userIds") String[] userIds, @Param("emails") String[] emails, @Param("names") String[] names,
            @Param("createdAts") String[] createdAts);

    /** Adds to a row of the counter that no other transaction holds; 0 when every row is held. */
    @Update("""
            UPDATE counters SET value = value + #{amount}
            WHERE (name, shard) = (SELECT name, shard FROM counters WHERE name = #{name}
                                   ORDER BY shard LIMIT 1 FOR UPDATE SKIP LOCKED)""")
    int addToFreeRow(@Param("name") String name, @Param("amount") long amount);

    /**
     * Adds a row to the counter, numbered by this session's server process: no other transaction
     * running now can add the same row (an uncommitted one it could not see would make it wait).
     */
    @Update("""
            INSERT INTO counters (name, shard, value) VALUES (#{name}, pg_backend_pid(), #{amount})
            ON CONFLICT (name, shard) DO UPDATE SET value = counters.value + excluded.value""")
    void addNewRow(@Param("name") String name, @Param("amount") long amount);
}
