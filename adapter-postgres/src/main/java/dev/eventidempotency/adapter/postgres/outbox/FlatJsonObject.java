package dev.eventidempotency.adapter.postgres.outbox;

import java.util.Map;

/**
 * Writes an event's payload, a flat object of text fields, as JSON text for a {@code jsonb} column.
 * Built here rather than aggregated in SQL: the insert then casts one value per row, instead of
 * unnesting, grouping and joining one row per field.
 */
final class FlatJsonObject {

    private FlatJsonObject() {
    }

    static String of(Map<String, String> fields) {
        StringBuilder json = new StringBuilder(64 * (fields.size() + 1)).append('{');
        fields.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            appendString(json, name);
            json.append(':');
            appendString(json, value);
        });
        return json.append('}').toString();
    }

    // RFC 8259: a quote, a backslash and the control characters must be escaped; nothing else may be.
    private static void appendString(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
