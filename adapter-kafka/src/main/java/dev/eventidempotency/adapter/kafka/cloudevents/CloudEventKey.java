package dev.eventidempotency.adapter.kafka.cloudevents;

import dev.eventidempotency.adapter.kafka.UndecodableRecordException;
import dev.eventidempotency.domain.idempotency.EventId;
import java.net.URI;

/**
 * The ledger key of a CloudEvent: its {@code source}, a space, its {@code id}, e.g.
 * {@code https://shop.example/orders 42}. An id is unique only within its source (CloudEvents spec), so
 * both are in the key, and equal ids from two sources are two events. The key cannot collide: a source
 * is a URI, which never holds a space, so the first space ends it, and the rest is the id, verbatim.
 * A pair too long for the ledger's 255 characters is refused, never cut.
 */
public final class CloudEventKey {

    static final char SEPARATOR = ' ';

    private CloudEventKey() {
    }

    public static EventId of(URI source, String id) throws UndecodableRecordException {
        String sourceText = source.toString();
        if (sourceText.isEmpty()) {
            throw new UndecodableRecordException("source is empty");
        }
        if (id.isEmpty()) {
            throw new UndecodableRecordException("id is empty");
        }
        try {
            return new EventId(sourceText + SEPARATOR + id);
        } catch (IllegalArgumentException unstorable) {
            throw new UndecodableRecordException("source and id, the ledger key '<source> <id>': " + unstorable.getMessage(),
                    unstorable);
        }
    }
}
