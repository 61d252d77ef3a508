package dev.eventidempotency.application.ledger.port.out;

/** An event that the ledger holds more than once for one service: only possible without the unique key. */
public record DuplicateClaim(String eventId, String serviceName, long rows) {
}
