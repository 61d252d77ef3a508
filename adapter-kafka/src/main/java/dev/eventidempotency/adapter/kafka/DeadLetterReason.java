package dev.eventidempotency.adapter.kafka;

import java.util.Locale;

/** Why a record was set aside, as a short code: the {@code dlt.reason.code} header and the metrics' tag. */
public enum DeadLetterReason {
    /** Its bytes are not an event: not UTF-8, not JSON, a tombstone, an invalid field or a broken business rule. */
    UNDECODABLE,
    /** Its value is larger than the configured maximum; it was not decoded at all. */
    TOO_LARGE,
    /** The database rejected its effects (a constraint, a value it cannot store). */
    REJECTED,
    /** Its processing failed for an unknown reason as often as allowed. */
    FAILED_REPEATEDLY,
    /** Its event id was processed before with other content: a reused id, not a redelivery. */
    PAYLOAD_CONFLICT;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
