package dev.eventidempotency.archfixture.adaptersonlyinbootstrap.adapter.postgres;

/** The adapter that only bootstrap may know. */
public final class PostgresRepository {
}
