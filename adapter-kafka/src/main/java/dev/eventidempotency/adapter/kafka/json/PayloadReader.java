package dev.eventidempotency.adapter.kafka.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the {@code payload} object of one event type into a domain value. Throws
 * {@link IllegalArgumentException} with a readable message when the payload breaks a rule.
 */
@FunctionalInterface
public interface PayloadReader<P> {

    P read(JsonNode payload);
}
