package dev.eventidempotency.archfixture.adaptersindependent.adapter.postgres;

/** The adapter that the Kafka adapter of this fixture reaches into. */
public final class PostgresWriter {
}
