package io.isthmus.api.allocation;

import static io.isthmus.api.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.MacAddress;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class VirtualMacsTest {

    @Test
    void macEmbedsRoleAndAddress() {
        assertThat(MacAddress.format(VirtualMacs.forInterface(ip("10.0.1.4")))).isEqualTo("02:00:0a:00:01:04");
        assertThat(MacAddress.format(VirtualMacs.router(ip("10.0.1.1")))).isEqualTo("02:01:0a:00:01:01");
        assertThat(MacAddress.format(VirtualMacs.forInterface(ip("255.255.255.254")))).isEqualTo("02:00:ff:ff:ff:fe");
    }

    @Test
    void tokenSecretsAreHashedAndCheckedAgainstTheHash() {
        String secret = TokenSecrets.generate(new SecureRandom());

        assertThat(secret).startsWith("isthmus_").hasSize(8 + 43);
        String hash = TokenSecrets.sha256(secret);
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(TokenSecrets.matches(secret, hash)).isTrue();
        assertThat(TokenSecrets.matches(secret + "x", hash)).isFalse();
        assertThat(TokenSecrets.sha256("abc"))
            .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
