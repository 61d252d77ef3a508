package dev.eventidempotency.application.outbox.port.in;

/** What one pass of the relay did. */
public record RelayPass(int sent, int retriedLater, int parked) {

    public static final RelayPass NOTHING = new RelayPass(0, 0, 0);

    public RelayPass plus(RelayPass other) {
        return new RelayPass(sent + other.sent, retriedLater + other.retriedLater, parked + other.parked);
    }
}
