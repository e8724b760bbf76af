package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Frames.ETH;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.Ipv4Packet;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Ipv4FragmenterTest {
    private final Ipv4Fragmenter fragmenter = new Ipv4Fragmenter();
    private final MemorySegment buffer = Arena.ofAuto().allocate(70_000);

    private static byte[] payload(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** A packet of {@code payload} bytes after a UDP-less header with {@code options} (a multiple of 4 bytes). */
    private static Ipv4Packet packet(byte[] options, byte[] payload, boolean dontFragment) {
        MemorySegment frame = Frames.udp(0x0200_0000_0001L, 0x0200_0000_0002L, 0x0a000001, 0x0a000002, 64,
            new byte[0]);
        int headerLength = Ipv4Packet.HEADER_LENGTH + options.length;
        MemorySegment s = Arena.ofAuto().allocate(headerLength + payload.length);
        MemorySegment.copy(frame, ETH, s, 0, Ipv4Packet.HEADER_LENGTH);
        MemorySegment.copy(MemorySegment.ofArray(options), 0, s, Ipv4Packet.HEADER_LENGTH, options.length);
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, s, headerLength, payload.length);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, 0, headerLength + payload.length);
        ip.setVersionAndHeaderLength(headerLength);
        ip.setTotalLength(headerLength + payload.length);
        ip.setFlagsAndFragmentOffset(dontFragment, false, 0);
        ip.fillHeaderChecksum();
        return ip;
    }

    /** Fragments {@code ip} at {@code mtu}, checks every fragment, and returns the payload put back together. */
    private byte[] fragmentAndReassemble(Ipv4Packet ip, int mtu, int expectedFragments, int laterHeaderLength) {
        assertThat(fragmenter.count(ip, mtu)).isEqualTo(expectedFragments);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int expectedOffset = 0;
        for (int i = 0; i < expectedFragments; i++) {
            int length = fragmenter.fragment(ip, mtu, i, buffer, 4);
            assertThat(length).isPositive().isLessThanOrEqualTo(mtu);
            Ipv4Packet fragment = new Ipv4Packet().wrap(buffer, 4, length);
            assertThat(fragment.checkLength()).isEqualTo(io.isthmus.wire.WireStatus.OK);
            assertThat(fragment.verifyHeaderChecksum()).isTrue();
            assertThat(fragment.identification()).isEqualTo(ip.identification());
            assertThat(fragment.source()).isEqualTo(ip.source());
            assertThat(fragment.headerLength()).isEqualTo(i == 0 ? ip.headerLength() : laterHeaderLength);
            assertThat(fragment.fragmentOffset() * 8).isEqualTo(expectedOffset);
            boolean last = i == expectedFragments - 1;
            assertThat(fragment.moreFragments()).isEqualTo(!last);
            if (!last) {
                assertThat(fragment.payloadLength() % 8).isZero();
            }
            byte[] bytes = buffer.asSlice(4 + fragment.headerLength(), fragment.payloadLength())
                .toArray(ValueLayout.JAVA_BYTE);
            joined.writeBytes(bytes);
            expectedOffset += bytes.length;
        }
        assertThat(fragmenter.fragment(ip, mtu, expectedFragments, buffer, 4)).isZero();
        return joined.toByteArray();
    }

    @Test
    void aLargePacketSplitsIntoFragmentsThatReassembleToIt() {
        byte[] data = payload(3000);
        Ipv4Packet ip = packet(new byte[0], data, false);
        // 1400 - 20 = 1380, rounded down to 1376: 1376 + 1376 + 248.
        assertThat(fragmentAndReassemble(ip, 1400, 3, 20)).isEqualTo(data);
    }

    @Test
    void aPacketThatFitsIsOneFragmentAndTheMinimumMtuStillWorks() {
        byte[] data = payload(100);
        Ipv4Packet ip = packet(new byte[0], data, false);
        assertThat(fragmentAndReassemble(ip, 1400, 1, 20)).isEqualTo(data);
        byte[] large = payload(9000);
        assertThat(fragmentAndReassemble(packet(new byte[0], large, false), 576, 17, 20)).isEqualTo(large);
    }

    @Test
    void onlyCopiedOptionsGoIntoLaterFragments() {
        // Record route (7, not copied), length 7, then a no-op, then a copied option type 0x94 (router alert), length
        // 4: 12 bytes of options. Later fragments carry only the router alert: 4 bytes, header 24.
        byte[] options = {7, 7, 4, 0, 0, 0, 0, 1, (byte) 0x94, 4, 0, 0};
        byte[] data = payload(2000);
        Ipv4Packet ip = packet(options, data, false);
        assertThat(fragmentAndReassemble(ip, 1000, 3, 24)).isEqualTo(data);
        fragmenter.fragment(ip, 1000, 1, buffer, 4);
        byte[] later = buffer.asSlice(4 + 20, 4).toArray(ValueLayout.JAVA_BYTE);
        assertThat(later).containsExactly((byte) 0x94, 4, 0, 0);
    }

    @Test
    void aFragmentFragmentedAgainKeepsItsOffsetAndMoreFragments() {
        byte[] data = payload(2400);
        Ipv4Packet ip = packet(new byte[0], data, false);
        ip.setFlagsAndFragmentOffset(false, true, 100);
        ip.fillHeaderChecksum();
        fragmenter.fragment(ip, 1400, 1, buffer, 0);
        Ipv4Packet second = new Ipv4Packet().wrap(buffer, 0, 1400);
        assertThat(second.fragmentOffset()).isEqualTo(100 + 1376 / 8);
        assertThat(second.moreFragments()).as("the original had more after it").isTrue();
        assertThat(Arrays.equals(buffer.asSlice(20, second.payloadLength()).toArray(ValueLayout.JAVA_BYTE),
            Arrays.copyOfRange(data, 1376, 2400))).isTrue();
    }
}
