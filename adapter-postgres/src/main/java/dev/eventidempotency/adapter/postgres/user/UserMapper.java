package dev.eventidempotency.adapter.postgres.user;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Update;

/** SQL of the sample business tables. */
public interface UserMapper {

    @Insert("""
            INSERT INTO users (user_id, email, name, created_at)
            VALUES (#{userId}, #{email}, #{name}, #{createdAt})""")
    void insertUser(@Param("userId") UUID userId, @Param("email") String email, @Param("name") String name,
            @Param("createdAt") OffsetDateTime createdAt);

    @Update("""
            INSERT INTO counters (name, value) VALUES (#{name}, 1)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + 1""")
    void increment(@Param("name") String name);
}
