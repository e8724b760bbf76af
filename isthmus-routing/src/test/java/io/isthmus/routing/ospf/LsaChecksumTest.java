package io.isthmus.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The Fletcher checksum of LSAs, against BIRD's LSAs and on arbitrary ones. */
class LsaChecksumTest {
    /** BIRD's router-LSA: one stub link 10.0.0.0/24, checksum 0x8a4a at offset 16. */
    private static final String BIRD_ROUTER_LSA = "000342010a00000a0a00000a800000018a4a0024020000010a000000ffffff000300000a";
    /** BIRD's AS-external-LSA 10.1.0.0/16, E2 metric 10000, checksum 0xbebd. */
    private static final String BIRD_EXTERNAL_LSA = "000402050a0100000a00000a80000001bebd0024ffff000080002710"
        + "0000000000000000";

    @Test
    void computesBirdsChecksums() {
        for (String hex : new String[] {BIRD_ROUTER_LSA, BIRD_EXTERNAL_LSA}) {
            ByteBuffer lsa = ByteBuffer.wrap(HexFormat.of().parseHex(hex));
            assertThat(LsaChecksum.verify(lsa, 0, lsa.capacity())).isTrue();
            assertThat(LsaChecksum.compute(lsa, 0, lsa.capacity())).isEqualTo(lsa.getShort(16) & 0xffff);
        }
    }

    @Test
    void theAgeIsNotCoveredAndEveryOtherByteIs() {
        ByteBuffer lsa = ByteBuffer.wrap(HexFormat.of().parseHex(BIRD_ROUTER_LSA));
        lsa.putShort(0, (short) 3600);
        assertThat(LsaChecksum.verify(lsa, 0, lsa.capacity())).isTrue();
        for (int i = 2; i < lsa.capacity(); i++) {
            byte original = lsa.get(i);
            lsa.put(i, (byte) (original ^ 0x10));
            assertThat(LsaChecksum.verify(lsa, 0, lsa.capacity())).as("byte " + i).isFalse();
            lsa.put(i, original);
        }
    }

    @Test
    void aZeroChecksumFieldIsInvalid() {
        ByteBuffer lsa = ByteBuffer.allocate(20);
        assertThat(LsaChecksum.verify(lsa, 0, 20)).isFalse();
    }

    @Property
    void anyOriginatedLsaVerifies(@ForAll @Size(max = 400) byte[] body, @ForAll int linkStateId,
                                  @ForAll int sequence) {
        Lsa lsa = Lsa.originate(0, 2, 10, linkStateId, 0x0a000001, sequence, new OpaqueLsa(body));
        ByteBuffer buffer = ByteBuffer.allocate(lsa.length());
        lsa.write(buffer, 0, 0);
        assertThat(LsaChecksum.verify(buffer, 0, lsa.length())).isTrue();
        assertThat(lsa.header().checksum()).isNotZero();
    }
}
