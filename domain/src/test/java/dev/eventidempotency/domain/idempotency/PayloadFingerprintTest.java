package dev.eventidempotency.domain.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PayloadFingerprintTest {

    @Test
    void isTheSha256OfTheCanonicalForm() {
        assertThat(PayloadFingerprint.of("abc").sha256Hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void acceptsOnlyAHexSha256() {
        assertThatThrownBy(() -> new PayloadFingerprint("xyz"))
                .hasMessage("fingerprint must be 64 lower-case hex digits (SHA-256), was 'xyz'");
    }
}
