package dev.eventidempotency.domain.idempotency;

/**
 * Proof that a unit of work is open: the ledger and every business effect take one.
 *
 * <p>Only a unit of work creates a transaction and hands it to the work it runs, so code that holds
 * none cannot claim an event or write an effect outside that one database transaction. The
 * architecture tests keep it that way. Implementations are opaque adapter types.
 */
public interface Transaction {
}
