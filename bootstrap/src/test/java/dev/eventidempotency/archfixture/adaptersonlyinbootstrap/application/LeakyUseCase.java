package dev.eventidempotency.archfixture.adaptersonlyinbootstrap.application;

import dev.eventidempotency.archfixture.adaptersonlyinbootstrap.adapter.postgres.PostgresRepository;

/** Breaks "only bootstrap knows the adapters": a use case that takes an adapter instead of its port. */
public final class LeakyUseCase {

    public void storeWith(PostgresRepository repository) {
    }
}
