package dev.eventidempotency.bootstrap.guarantees;

import dev.eventidempotency.bootstrap.config.ProcessingMode;

/**
 * Each way the service can consume, as the guarantees suite runs it: the two processing modes, and
 * per-event mode with key lanes ({@code KEY_CONCURRENCY} above 1), whose units of work overlap.
 */
public enum ConsumingMode {
    BATCH(ProcessingMode.BATCH, 1),
    PER_EVENT(ProcessingMode.PER_EVENT, 1),
    /** Four lanes: more than the partitions' keys in flight, few enough for the test database's connections. */
    PER_EVENT_BY_KEY(ProcessingMode.PER_EVENT, 4);

    private final ProcessingMode mode;
    private final int keyConcurrency;

    ConsumingMode(ProcessingMode mode, int keyConcurrency) {
        this.mode = mode;
        this.keyConcurrency = keyConcurrency;
    }

    public ServiceUnderTest applyTo(ServiceUnderTest service) {
        return service.withMode(mode).withKeyConcurrency(keyConcurrency);
    }

    /** As a report names it, e.g. {@code per-event, 4 keys at once}. */
    public String label() {
        return keyConcurrency == 1 ? mode.label() : mode.label() + ", " + keyConcurrency + " keys at once";
    }
}
