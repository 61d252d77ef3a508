package dev.eventidempotency.adapter.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes as text, refused when they are not UTF-8: a lenient decoding puts U+FFFD in place of each bad
 * sequence, so two different ids could become one.
 */
public final class Utf8Text {

    private Utf8Text() {
    }

    /** {@code what} names the bytes in the reason, e.g. "the value" or "header ce_id". */
    public static String decode(byte[] bytes, String what) throws UndecodableRecordException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            throw new UndecodableRecordException(what + " is not UTF-8 text", notUtf8);
        }
    }
}
