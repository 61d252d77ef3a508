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

    @Update("""
            INSERT INTO counters (name, value) VALUES (#{name}, #{amount})
            ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value""")
    void add(@Param("name") String name, @Param("amount") long amount);
}
