package dev.eventidempotency.archfixture.polymorphictyping.adapter.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/** Breaks the rule: the input would choose the Java type it is bound to. */
public final class TypedDecoder {

    ObjectMapper mapper() {
        return JsonMapper.builder()
                .activateDefaultTyping(BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build())
                .build();
    }
}
