package dev.eventidempotency.application.ledger.port.in;

import dev.eventidempotency.domain.idempotency.EventId;
import dev.eventidempotency.domain.idempotency.ServiceName;
import java.util.Objects;

/** Remove one event's ledger row for one service, saying who asks and why. */
public record ForgetRequest(EventId eventId, ServiceName service, String operator, String reason, boolean dryRun) {

    public ForgetRequest {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(service, "service");
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("operator must not be blank");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank: the audit record says why the row was removed");
        }
    }
}
