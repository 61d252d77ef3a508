package dev.eventidempotency.adapter.kafka.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.eventidempotency.domain.user.UserCreated;
import org.junit.jupiter.api.Test;

/** The sample's payload: {@code {"userId": "<uuid>", "email": "...", "name": "..."}}. */
class UserCreatedPayloadReaderTest {

    private static final String USER_ID = "2f1c3a52-7d4b-4f0e-9a51-0c7e6f3b9d10";

    private final UserCreatedPayloadReader reader = new UserCreatedPayloadReader();

    @Test
    void readsEveryField() throws JsonProcessingException {
        UserCreated event = reader.read(json("""
                {"userId":"%s","email":"ada@example.org","name":"Ada"}""".formatted(USER_ID)));

        assertThat(event.userId().toString()).isEqualTo(USER_ID);
        assertThat(event.email().value()).isEqualTo("ada@example.org");
        assertThat(event.name()).isEqualTo("Ada");
    }

    @Test
    void aValueThatBreaksABusinessRuleIsRejectedWithTheRule() {
        assertThatThrownBy(() -> reader.read(json("""
                {"userId":"%s","email":"not-an-email","name":"Ada"}""".formatted(USER_ID))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("e-mail address is not of the form name@domain.tld: 'not-an-email'");
    }

    @Test
    void aMissingFieldIsRejectedByName() {
        assertThatThrownBy(() -> reader.read(json("""
                {"email":"ada@example.org","name":"Ada"}""")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("userId must be a string");
    }

    private static JsonNode json(String text) throws JsonProcessingException {
        return JsonMapper.builder().build().readTree(text);
    }
}
