package dev.eventidempotency.archfixture.adaptersonlyinbootstrap.bootstrap;

import dev.eventidempotency.archfixture.adaptersonlyinbootstrap.adapter.postgres.PostgresRepository;

/** Allowed: the composition root creates the adapters. */
public final class Wiring {

    public PostgresRepository repository() {
        return new PostgresRepository();
    }
}
