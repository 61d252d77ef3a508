package dev.eventidempotency.application.user;

import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.idempotency.port.out.EventHandler;
import dev.eventidempotency.application.user.port.out.RegistrationCounter;
import dev.eventidempotency.application.user.port.out.UserRepository;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.User;
import dev.eventidempotency.domain.user.UserCreated;
import java.util.List;
import java.util.Objects;

/** The sample business: a registration stores the user and counts it, set-wise, in the caller's transaction. */
public final class UserCreatedHandler implements EventHandler<UserCreated> {

    private final UserRepository users;
    private final RegistrationCounter registrations;

    public UserCreatedHandler(UserRepository users, RegistrationCounter registrations) {
        this.users = Objects.requireNonNull(users, "users");
        this.registrations = Objects.requireNonNull(registrations, "registrations");
    }

    @Override
    public void handle(Transaction transaction, IncomingEvent<UserCreated> event) {
        handleAll(transaction, List.of(event));
    }

    @Override
    public void handleAll(Transaction transaction, List<IncomingEvent<UserCreated>> events) {
        users.addAll(transaction, events.stream().map(event -> User.registeredBy(event.payload(), event.occurredAt())).toList());
        registrations.add(transaction, events.size());
    }
}
