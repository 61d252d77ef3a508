package dev.eventidempotency.domain.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Value type: the producer-assigned identity of an event, the first half of the ledger's unique key.
 *
 * <p>Stored verbatim: no trimming, case folding or Unicode normalization, because two ids that differ
 * only in white space, case or form (NFC and NFD) are different events as far as the producer is
 * concerned. So an id must be one PostgreSQL stores exactly as given: a Java string can hold what a
 * UTF-8 database cannot, and an id the database altered would claim another event's row. Its length
 * is counted as PostgreSQL counts the characters of {@code varchar(255)}: in code points, so an emoji
 * (two Java chars) is one character.
 */
public record EventId(String value) {

    public static final int MAX_LENGTH = 255;
    private static final int DIGEST_HEX_DIGITS = 32;

    public EventId {
        Objects.requireNonNull(value, "event id must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException("event id must not be blank");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("event id must not contain the NUL character (PostgreSQL cannot store it)");
        }
        int loneSurrogate = firstLoneSurrogate(value);
        if (loneSurrogate >= 0) {
            throw new IllegalArgumentException("event id must not contain a lone surrogate (\\u%04X at index %d):"
                    .formatted((int) value.charAt(loneSurrogate), loneSurrogate)
                    + " it is no Unicode character, and PostgreSQL would store '?' in its place");
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("event id must be at most " + MAX_LENGTH + " characters, was " + length);
        }
    }

    /**
     * The first 32 hex digits of the SHA-256 of this id: a name for what the event causes, the same in
     * every process and every run, in characters any id or header takes.
     */
    public String digest() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, DIGEST_HEX_DIGITS);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform provides SHA-256", impossible);
        }
    }

    /** Where the first surrogate char stands that is not half of a pair (high, then low), or -1. */
    private static int firstLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return value;
    }
}
