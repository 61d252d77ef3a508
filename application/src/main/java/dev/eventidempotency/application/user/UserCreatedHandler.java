package dev.eventidempotency.application.user;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.outbox.port.out.EmailOutbox;
import dev.eventidempotency.application.outbox.port.out.EventOutbox;
import dev.eventidempotency.application.user.port.out.RegistrationCounter;
import dev.eventidempotency.application.user.port.out.UserRepository;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.User;
import dev.eventidempotency.domain.user.UserCreated;
import java.util.List;
import java.util.Objects;

/**
 * The sample business: a registration stores the user, counts it, queues a welcome e-mail and records
 * a {@code UserRegistered} event for other services, set-wise, all in the caller's transaction. The
 * e-mail and the event go to outboxes, not to a mail server or a broker: only rows roll back with the
 * claim if anything after them fails.
 */
public final class UserCreatedHandler implements EventHandler<UserCreated> {

    private final UserRepository users;
    private final RegistrationCounter registrations;
    private final EmailOutbox outbox;
    private final WelcomeEmails welcomeEmails;
    private final EventOutbox events;
    private final UserRegisteredEvents registered;

    public UserCreatedHandler(UserRepository users, RegistrationCounter registrations, EmailOutbox outbox,
            WelcomeEmails welcomeEmails, EventOutbox events, UserRegisteredEvents registered) {
        this.users = Objects.requireNonNull(users, "users");
        this.registrations = Objects.requireNonNull(registrations, "registrations");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.welcomeEmails = Objects.requireNonNull(welcomeEmails, "welcomeEmails");
        this.events = Objects.requireNonNull(events, "events");
        this.registered = Objects.requireNonNull(registered, "registered");
    }

    @Override
    public void handle(Transaction transaction, IncomingEvent<UserCreated> event) {
        handleAll(transaction, List.of(event));
    }

    @Override
    public void handleAll(Transaction transaction, List<IncomingEvent<UserCreated>> events) {
        users.addAll(transaction, events.stream().map(event -> User.registeredBy(event.payload(), event.occurredAt())).toList());
        registrations.add(transaction, events.size());
        outbox.enqueue(transaction, events.stream().map(welcomeEmails::welcome).toList());
        this.events.record(transaction, events.stream().map(registered::registered).toList());
    }
}
