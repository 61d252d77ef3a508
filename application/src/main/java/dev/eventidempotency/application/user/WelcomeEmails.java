package dev.eventidempotency.application.user;

import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import dev.eventidempotency.domain.outbox.MessageId;
import dev.eventidempotency.domain.outbox.OutgoingEmail;
import dev.eventidempotency.domain.shared.EmailAddress;
import dev.eventidempotency.domain.user.UserCreated;
import java.util.Objects;

/** The sample's e-mail: a registration welcomes the new user, from one configured sender. */
public final class WelcomeEmails {

    static final String PURPOSE = "welcome";
    static final String SUBJECT = "Welcome aboard";

    private final EmailAddress sender;
    private final String messageIdDomain;

    public WelcomeEmails(EmailAddress sender) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.messageIdDomain = sender.value().substring(sender.value().lastIndexOf('@') + 1);
    }

    public OutgoingEmail welcome(IncomingEvent<UserCreated> registration) {
        UserCreated user = registration.payload();
        return new OutgoingEmail(MessageId.forEvent(registration.id(), PURPOSE, messageIdDomain), registration.id(),
                sender, user.email(), SUBJECT,
                "Hello " + user.name() + ",\r\n\r\nyour account " + user.userId().value() + " is ready.\r\n");
    }
}
