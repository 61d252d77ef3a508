package dev.eventidempotency.application.user.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.application.idempotency.port.out.UnitOfWork;
import dev.eventidempotency.domain.shared.EmailAddress;
import dev.eventidempotency.domain.user.User;
import dev.eventidempotency.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UserRepository} promises. A test of an implementation extends this class and
 * gives it with its unit of work and a way to read what it stored; each test starts with no users.
 */
public abstract class UserRepositoryContract {

    protected abstract UnitOfWork unitOfWork();

    protected abstract UserRepository users();

    /** Every user stored, in any order. */
    protected abstract List<User> stored();

    @Test
    void usersAddedTogetherAreStoredAsGiven() {
        User ada = user("Ada");
        User grace = user("Grace");

        add(ada, grace);

        assertThat(stored()).containsExactlyInAnyOrder(ada, grace);
    }

    @Test
    void addingAStoredUserAgainFailsAndChangesNothing() {
        User ada = user("Ada");
        add(ada);
        User again = new User(ada.id(), new EmailAddress("other@example.org"), "Ada again", ada.createdAt());

        assertThatThrownBy(() -> add(again, user("Grace"))).isInstanceOf(RuntimeException.class);

        assertThat(stored()).containsExactly(ada);
    }

    @Test
    void aUserTwiceInOneCallFails() {
        User ada = user("Ada");

        assertThatThrownBy(() -> add(ada, ada)).isInstanceOf(RuntimeException.class);

        assertThat(stored()).isEmpty();
    }

    @Test
    void usersAddedInAFailedUnitOfWorkAreNotStored() {
        assertThatThrownBy(() -> unitOfWork().inTransaction(transaction -> {
            users().addAll(transaction, List.of(user("Ada")));
            throw new IllegalStateException("the handler failed after adding the user");
        })).hasMessageContaining("handler failed");

        assertThat(stored()).isEmpty();
    }

    private void add(User... added) {
        unitOfWork().inTransaction(transaction -> {
            users().addAll(transaction, List.of(added));
            return null;
        });
    }

    /** Created on a whole second: every store keeps that exactly. */
    private static User user(String name) {
        UserId id = new UserId(UUID.randomUUID());
        return new User(id, new EmailAddress(id + "@example.org"), name, Instant.parse("2026-11-28T09:00:00Z"));
    }
}
