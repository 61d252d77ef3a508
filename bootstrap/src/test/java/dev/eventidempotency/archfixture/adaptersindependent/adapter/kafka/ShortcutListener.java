package dev.eventidempotency.archfixture.adaptersindependent.adapter.kafka;

import dev.eventidempotency.archfixture.adaptersindependent.adapter.postgres.PostgresWriter;

/** Breaks adapter independence: an inbound adapter that writes through another adapter, not a port. */
public final class ShortcutListener {

    public void writeThrough(PostgresWriter writer) {
    }
}
