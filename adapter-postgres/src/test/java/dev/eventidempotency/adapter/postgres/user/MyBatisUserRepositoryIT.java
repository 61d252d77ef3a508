package dev.eventidempotency.adapter.postgres.user;

import dev.eventidempotency.adapter.postgres.testing.FreshDatabase;
import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.application.user.port.out.UserRepository;
import dev.eventidempotency.application.user.port.out.UserRepositoryContract;
import dev.eventidempotency.domain.shared.EmailAddress;
import dev.eventidempotency.domain.user.User;
import dev.eventidempotency.domain.user.UserId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The users table keeps the port's contract. */
class MyBatisUserRepositoryIT extends UserRepositoryContract {

    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase(List.of(UserMapper.class));

    private final MyBatisUserRepository users = new MyBatisUserRepository();

    @Override
    protected UnitOfWork unitOfWork() {
        return db.database().unitOfWork();
    }

    @Override
    protected UserRepository users() {
        return users;
    }

    @Override
    protected List<User> stored() {
        try (Connection connection = db.database().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT user_id, email, name, created_at FROM users")) {
            List<User> stored = new ArrayList<>();
            while (rows.next()) {
                stored.add(new User(new UserId(rows.getObject(1, UUID.class)), new EmailAddress(rows.getString(2)),
                        rows.getString(3), rows.getObject(4, OffsetDateTime.class).toInstant()));
            }
            connection.rollback();
            return stored;
        } catch (SQLException failure) {
            throw new IllegalStateException(failure);
        }
    }
}
