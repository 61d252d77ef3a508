package dev.eventidempotency.application.idempotency.port.out;

import dev.eventidempotency.application.idempotency.port.in.FailureKind;

/**
 * Port: the one place that tells transient failures from permanent ones. It belongs to the adapter
 * that raised them, which alone knows what its errors mean (for PostgreSQL: the SQLSTATE).
 */
@FunctionalInterface
public interface FailureClassifier {

    FailureKind classify(RuntimeException failure);
}
