package dev.eventidempotency.application.idempotency;

import dev.eventidempotency.application.idempotency.port.in.IncomingEvent;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** The one warning for an event id that came back with other content, in both modes. */
final class PayloadConflicts {

    private static final Logger LOG = System.getLogger(PayloadConflicts.class.getName());

    private PayloadConflicts() {
    }

    static void log(IncomingEvent<?> event) {
        LOG.log(Level.WARNING, "Event {0} arrived again with a different payload (fingerprint {1}); it was not "
                + "processed and is set aside as a payload conflict", event.id().value(), event.fingerprint());
    }
}
