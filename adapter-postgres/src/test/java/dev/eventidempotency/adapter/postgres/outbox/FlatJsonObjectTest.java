package dev.eventidempotency.adapter.postgres.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FlatJsonObjectTest {

    @Test
    void writesTheFieldsInTheMapsOrder() {
        assertThat(FlatJsonObject.of(new TreeMap<>(Map.of("userId", "42", "email", "a@example.com"))))
                .isEqualTo("{\"email\":\"a@example.com\",\"userId\":\"42\"}");
    }

    @Test
    void anEmptyPayloadIsAnEmptyObject() {
        assertThat(FlatJsonObject.of(Map.of())).isEqualTo("{}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersOnly() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("say \"hi\"", "a\\b\nc\rd\te\u0001f/é😀");
        assertThat(FlatJsonObject.of(fields))
                .isEqualTo("{\"say \\\"hi\\\"\":\"a\\\\b\\nc\\rd\\te\\u0001f/é😀\"}");
    }
}
