package dev.eventidempotency.bootstrap.outbox;

import dev.eventidempotency.bootstrap.CompositionRoot;
import dev.eventidempotency.bootstrap.config.InvalidSettingException;
import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.outbox.MessageId;
import picocli.CommandLine.Option;

/** {@code --outbox}: which outbox an {@code outbox} command works on, the same option for each. */
final class OutboxOption {

    @Option(names = "--outbox", paramLabel = "emails|events", defaultValue = "emails",
            description = "The outbox: emails (outbox_emails, over SMTP) or events (outbox_events, to Kafka). "
                    + "Default: ${DEFAULT-VALUE}.")
    String name;

    OperatedOutbox<?> outbox() {
        return switch (name) {
            case "emails" -> new OperatedOutbox<>("E-mails", "e-mail", "Message-ID", MessageId::new,
                    CompositionRoot.emailOutboxInspection());
            case "events" -> new OperatedOutbox<>("Events", "event", "event id", EventId::new,
                    CompositionRoot.eventOutboxInspection());
            default -> throw InvalidSettingException.invalid("--outbox", "expected emails or events, was " + name);
        };
    }
}
