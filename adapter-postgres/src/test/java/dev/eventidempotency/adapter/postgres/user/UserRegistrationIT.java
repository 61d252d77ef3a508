package dev.eventidempotency.adapter.postgres.user;

import static dev.eventidempotency.adapter.postgres.user.SampleEvents.userCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventidempotency.adapter.postgres.idempotency.MyBatisProcessedEventLedger;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEmailOutbox;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEventOutbox;
import dev.eventidempotency.adapter.postgres.testing.TestDatabase;
import dev.eventidempotency.adapter.postgres.testing.TestPostgres;
import dev.eventidempotency.application.idempotency.IdempotentEventProcessor;
import dev.eventidempotency.application.idempotency.port.in.ProcessingOutcome;
import dev.eventidempotency.application.user.UserCreatedHandler;
import dev.eventidempotency.application.user.UserRegisteredEvents;
import dev.eventidempotency.application.user.WelcomeEmails;
import dev.eventidempotency.domain.idempotency.ServiceName;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.shared.EmailAddress;
import dev.eventidempotency.domain.user.UserCreated;
import dev.eventidempotency.domain.user.UserId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sample service on the real database: a registration's effects and its claim stand or fall together. */
class UserRegistrationIT {

    private static TestDatabase db;
    private static IdempotentEventProcessor<UserCreated> processor;

    @BeforeAll
    static void wire() {
        db = TestPostgres.freshDatabase(List.of(UserMapper.class));
        processor = new IdempotentEventProcessor<>(new ServiceName("user-service"), db.database().unitOfWork(),
                new MyBatisProcessedEventLedger(),
                new UserCreatedHandler(new MyBatisUserRepository(), new MyBatisRegistrationCounter(), new MyBatisEmailOutbox(),
                new WelcomeEmails(new EmailAddress("welcome@example.com")),
                new MyBatisEventOutbox(), new UserRegisteredEvents(new TopicName("user-registered"))));
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @BeforeEach
    void emptyTables() {
        db.execute("TRUNCATE processed_events, users, counters, outbox_emails");
    }

    @Test
    void aRegistrationStoresTheUserCountsItAndClaimsTheEvent() {
        UserId ada = UserId.parse("2f1c3a52-7d4b-4f0e-9a51-0c7e6f3b9d10");

        assertThat(processor.process(userCreated("evt-1", ada))).isEqualTo(ProcessingOutcome.PROCESSED);

        assertThat(db.query("SELECT user_id || ' ' || email || ' ' || created_at AT TIME ZONE 'UTC' FROM users"))
                .containsExactly("2f1c3a52-7d4b-4f0e-9a51-0c7e6f3b9d10 2f1c3a52-7d4b-4f0e-9a51-0c7e6f3b9d10@example.org "
                        + "2026-11-28 09:00:00");
        assertThat(registrations()).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM processed_events WHERE event_id = 'evt-1'")).isEqualTo(1);
        assertThat(db.query("SELECT recipient || ' ' || status FROM outbox_emails WHERE event_id = 'evt-1'"))
                .containsExactly("2f1c3a52-7d4b-4f0e-9a51-0c7e6f3b9d10@example.org pending");
    }

    @Test
    void aRedeliveryChangesNothing() {
        UserId ada = new UserId(UUID.randomUUID());
        processor.process(userCreated("evt-1", ada));

        assertThat(processor.process(userCreated("evt-1", ada))).isEqualTo(ProcessingOutcome.SKIPPED_DUPLICATE);

        assertThat(db.count("SELECT count(*) FROM users")).isEqualTo(1);
        assertThat(registrations()).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_emails")).isEqualTo(1);
    }

    @Test
    void aFailingEffectRollsBackTheClaimAndTheEffectsBeforeIt() {
        UserId ada = new UserId(UUID.randomUUID());
        processor.process(userCreated("evt-1", ada));

        // A second event for the same user breaks the users primary key inside the handler.
        assertThatThrownBy(() -> processor.process(userCreated("evt-2", ada)))
                .hasMessageContaining("users_pkey");

        assertThat(db.count("SELECT count(*) FROM processed_events WHERE event_id = 'evt-2'")).isZero();
        assertThat(registrations()).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM outbox_emails WHERE event_id = 'evt-2'")).isZero();
    }

    private long registrations() {
        return db.count("SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'users_registered'");
    }
}
