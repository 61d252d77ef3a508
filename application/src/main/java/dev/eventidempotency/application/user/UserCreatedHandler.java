package dev.eventidempotency.application.user;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.outbox.port.out.EmailOutbox;
import dev.eventidempotency.application.user.port.out.RegistrationCounter;
import dev.eventidempotency.application.user.port.out.UserRepository;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.User;
import dev.eventidempotency.domain.user.UserCreated;
import java.util.List;
import java.util.Objects;

/**
 * The sample business: a registration stores the user, counts it and queues a welcome e-mail, set-wise,
 * all in the caller's transaction. The e-mail goes to the outbox, not to a mail server: only a row
 * rolls back with the claim if anything after it fails.
 */
public final class UserCreatedHandler implements EventHandler<UserCreated> {

    private final UserRepository users;
    private final RegistrationCounter registrations;
    private final EmailOutbox outbox;
    private final WelcomeEmails welcomeEmails;

    public UserCreatedHandler(UserRepository users, RegistrationCounter registrations, EmailOutbox outbox,
            WelcomeEmails welcomeEmails) {
        this.users = Objects.requireNonNull(users, "users");
        this.registrations = Objects.requireNonNull(registrations, "registrations");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.welcomeEmails = Objects.requireNonNull(welcomeEmails, "welcomeEmails");
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
    }
}
