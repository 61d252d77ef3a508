package dev.eventidempotency.adapter.kafka.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventidempotency.adapter.kafka.json.PayloadReader;
import dev.eventidempotency.domain.shared.EmailAddress;
import dev.eventidempotency.domain.user.UserCreated;
import dev.eventidempotency.domain.user.UserId;

/** {@code {"userId": "<uuid>", "email": "...", "name": "..."}}; the domain types check each value. */
public final class UserCreatedPayloadReader implements PayloadReader<UserCreated> {

    @Override
    public UserCreated read(JsonNode payload) {
        return new UserCreated(
                UserId.parse(text(payload, "userId")),
                new EmailAddress(text(payload, "email")),
                text(payload, "name"));
    }

    static String text(JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return node.textValue();
    }
}
