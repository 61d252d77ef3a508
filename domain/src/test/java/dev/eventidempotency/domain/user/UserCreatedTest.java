package dev.eventidempotency.domain.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.domain.shared.EmailAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UserCreatedTest {

    private static final String A_UUID = "2f1c3a52-7d4b-4f0e-9a51-0c7e6f3b9d10";

    @Test
    void describesTheUserItRegisters() {
        UserCreated event = new UserCreated(UserId.parse(A_UUID), new EmailAddress("ada@example.org"), "Ada");
        Instant occurredAt = Instant.parse("2026-11-28T10:15:30Z");

        User user = User.registeredBy(event, occurredAt);

        assertThat(user.id().toString()).isEqualTo(A_UUID);
        assertThat(user.email().value()).isEqualTo("ada@example.org");
        assertThat(user.createdAt()).isEqualTo(occurredAt);
    }

    @Test
    void userIdMustBeACanonicalUuid() {
        assertThatThrownBy(() -> UserId.parse("42"))
                .hasMessage("user id must be a UUID, was '42'");
        assertThatThrownBy(() -> UserId.parse("1-1-1-1-1"))
                .hasMessage("user id must be a UUID in canonical form, was '1-1-1-1-1'");
    }

    @Test
    void emailMustHaveTheShapeOfAnAddress() {
        assertThatThrownBy(() -> new EmailAddress("not-an-address"))
                .hasMessage("e-mail address is not of the form name@domain.tld: 'not-an-address'");
        assertThat(new EmailAddress("a.b+c@mail.example.org").value()).isEqualTo("a.b+c@mail.example.org");
    }

    @Test
    void textThatPostgresqlCannotStoreIsRefused() {
        assertThatThrownBy(() -> new EmailAddress("ada\u0000@example.org")).hasMessageStartingWith("e-mail address is not");
        assertThatThrownBy(() -> new UserCreated(UserId.parse(A_UUID), new EmailAddress("a@b.io"), "Ada\u0000"))
                .hasMessage("name must not contain the NUL character (PostgreSQL cannot store it)");
    }

    @Test
    void nameMustNotBeBlank() {
        assertThatThrownBy(() -> new UserCreated(UserId.parse(A_UUID), new EmailAddress("a@b.io"), " "))
                .hasMessageStartingWith("name must be 1 to 200 characters and not blank");
    }
}
