package dev.eventidempotency.application.user;

import dev.eventidempotency.application.idempotency.handler.EventHandler;
import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.application.user.port.out.RegistrationCounter;
import dev.eventidempotency.domain.idempotency.Transaction;
import dev.eventidempotency.domain.user.UserRegistered;
import java.util.List;
import java.util.Objects;

/**
 * The downstream sample ({@code welcome-stats}): a second service, built from this template, that
 * consumes the {@link UserRegistered} events the first one publishes, with the same inbox, and counts
 * them. A registration counted twice would show as a count above the users registered.
 */
public final class UserRegisteredHandler implements EventHandler<UserRegistered> {

    private final RegistrationCounter heard;

    public UserRegisteredHandler(RegistrationCounter heard) {
        this.heard = Objects.requireNonNull(heard, "heard");
    }

    @Override
    public void handle(Transaction transaction, IncomingEvent<UserRegistered> event) {
        handleAll(transaction, List.of(event));
    }

    @Override
    public void handleAll(Transaction transaction, List<IncomingEvent<UserRegistered>> events) {
        heard.add(transaction, events.size());
    }
}
