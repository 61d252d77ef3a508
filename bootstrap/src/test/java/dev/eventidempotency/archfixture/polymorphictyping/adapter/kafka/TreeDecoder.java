package dev.eventidempotency.archfixture.polymorphictyping.adapter.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Keeps the rule: a tree chooses no type. */
public final class TreeDecoder {

    JsonNode read(String json) throws JsonProcessingException {
        return JsonMapper.builder().build().readTree(json);
    }
}
