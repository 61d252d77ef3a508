package dev.eventidempotency.adapter.postgres.user;

import dev.eventidempotency.adapter.postgres.outbox.MyBatisEmailOutbox;
import dev.eventidempotency.adapter.postgres.outbox.MyBatisEventOutbox;
import dev.eventidempotency.adapter.postgres.testing.EventHandlerContract;
import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.user.UserCreatedHandler;
import dev.eventidempotency.application.user.UserRegisteredEvents;
import dev.eventidempotency.application.user.WelcomeEmails;
import dev.eventidempotency.domain.idempotency.TopicName;
import dev.eventidempotency.domain.shared.EmailAddress;
import dev.eventidempotency.domain.user.UserCreated;
import java.util.List;
import java.util.Map;

/**
 * The sample handler keeps the exactly-once contract: per event, one {@code users} row, one registration
 * counted and one welcome e-mail in the outbox.
 */
class UserCreatedHandlerContractIT extends EventHandlerContract<UserCreated> {

    @Override
    protected EventHandler<UserCreated> handler() {
        return new UserCreatedHandler(new MyBatisUserRepository(), new MyBatisRegistrationCounter(), new MyBatisEmailOutbox(),
                new WelcomeEmails(new EmailAddress("welcome@example.com")),
                new MyBatisEventOutbox(), new UserRegisteredEvents(new TopicName("user-registered")));
    }

    @Override
    protected List<Class<?>> mappers() {
        return List.of(UserMapper.class);
    }

    @Override
    protected IncomingEvent<UserCreated> newEvent(String eventId) {
        return SampleEvents.userCreated(eventId);
    }

    @Override
    protected Map<String, Long> effectsOf(IncomingEvent<UserCreated> event) {
        return Map.of(
                "users rows of the event's user", database().count("SELECT count(*) FROM users WHERE user_id = ?",
                        event.payload().userId().value()),
                "users_registered counter", database().count("SELECT coalesce(sum(value), 0) FROM counters WHERE name = ?",
                        MyBatisRegistrationCounter.COUNTER_NAME),
                "welcome e-mails in the outbox", database().count("SELECT count(*) FROM outbox_emails WHERE event_id = ?",
                        event.id().value()));
    }
}
