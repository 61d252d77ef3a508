package dev.eventidempotency.domain.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Value type: the SHA-256 of an event's canonical content, stored with its claim. A redelivery
 * carries the same fingerprint; an event id reused for other content does not, and is a conflict,
 * not a duplicate.
 */
public record PayloadFingerprint(String sha256Hex) {

    private static final Pattern HEX_SHA_256 = Pattern.compile("[0-9a-f]{64}");

    public PayloadFingerprint {
        Objects.requireNonNull(sha256Hex, "fingerprint must not be null");
        if (!HEX_SHA_256.matcher(sha256Hex).matches()) {
            throw new IllegalArgumentException("fingerprint must be 64 lower-case hex digits (SHA-256), was '"
                    + sha256Hex + "'");
        }
    }

    /** The fingerprint of a canonical form: the same content must always be written the same way. */
    public static PayloadFingerprint of(String canonicalForm) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalForm.getBytes(StandardCharsets.UTF_8));
            return new PayloadFingerprint(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime provides SHA-256", impossible);
        }
    }

    @Override
    public String toString() {
        return sha256Hex;
    }
}
