package dev.eventidempotency.application.outbox.port.out;

/** How many messages an outbox holds in each state. */
public record OutboxCounts(long pending, long sent, long parked) {
}
