package dev.eventidempotency.adapter.kafka.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventidempotency.adapter.kafka.json.PayloadReader;
import dev.eventidempotency.domain.shared.EmailAddress;
import dev.eventidempotency.domain.user.UserId;
import dev.eventidempotency.domain.user.UserRegistered;

/** {@code {"userId": "<uuid>", "email": "...", "name": "..."}}, as the sample service publishes it. */
public final class UserRegisteredPayloadReader implements PayloadReader<UserRegistered> {

    @Override
    public UserRegistered read(JsonNode payload) {
        return new UserRegistered(
                UserId.parse(UserCreatedPayloadReader.text(payload, "userId")),
                new EmailAddress(UserCreatedPayloadReader.text(payload, "email")),
                UserCreatedPayloadReader.text(payload, "name"));
    }
}
