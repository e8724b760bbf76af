package io.isthmus.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.TcpSegment;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checksum completion and TCP segmentation of what a packet socket reads with a virtio-net header. */
class OffloadedFramesTest {
    private static final int ETH = EthernetFrame.HEADER_LENGTH;
    private static final int HDR = OffloadedFrames.HEADER_SIZE;
    private static final int SOURCE = 0x0a00_0004;
    private static final int DESTINATION = 0x0a00_0005;

    private final Arena arena = Arena.ofAuto();

    @Test
    void aPlainFramePassesUnchanged() {
        MemorySegment read = udp(new byte[] {1, 2, 3}, false);
        OffloadedFrames frames = new OffloadedFrames();
        assertThat(frames.accept(read, 0, (int) read.byteSize())).isTrue();
        MemorySegment out = arena.allocate(2048);
        int length = frames.next(out, 0, 2048);
        assertThat(length).isEqualTo(read.byteSize() - HDR);
        assertThat(out.asSlice(0, length).mismatch(read.asSlice(HDR))).isEqualTo(-1);
        assertThat(frames.hasPending()).isFalse();
        assertThat(frames.next(out, 0, 2048)).isZero();
    }

    @Test
    void aChecksumLeftToTheDeviceIsCompleted() {
        MemorySegment read = udp("partial checksum".getBytes(), true);
        OffloadedFrames frames = new OffloadedFrames();
        frames.accept(read, 0, (int) read.byteSize());
        MemorySegment out = arena.allocate(2048);
        int length = frames.next(out, 0, 2048);

        Ipv4Packet ip = new Ipv4Packet().wrap(out, ETH, length - ETH);
        assertThat(ip.checkLength()).isEqualTo(WireStatus.OK);
        UdpDatagram udp = new UdpDatagram().wrap(out, ETH + ip.headerLength(), ip.payloadLength());
        assertThat(udp.checksum()).isNotZero();
        assertThat(udp.verifyChecksum(ip.pseudoHeaderSum(ip.payloadLength()))).isTrue();
    }

    @Test
    void aTcpSegmentationOffloadPacketIsCutIntoMssSegments() {
        byte[] payload = new byte[2500];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7);
        }
        MemorySegment read = tcpGso(payload, 1000, TcpSegment.ACK | TcpSegment.PSH | TcpSegment.FIN | TcpSegment.CWR,
            false);
        OffloadedFrames frames = new OffloadedFrames();
        frames.accept(read, 0, (int) read.byteSize());
        MemorySegment out = arena.allocate(2048);
        List<byte[]> payloads = new ArrayList<>();
        List<Integer> flags = new ArrayList<>();
        List<Integer> sequences = new ArrayList<>();
        List<Integer> identifications = new ArrayList<>();
        while (frames.hasPending()) {
            int length = frames.next(out, 0, 2048);
            Ipv4Packet ip = new Ipv4Packet().wrap(out, ETH, length - ETH);
            assertThat(ip.checkLength()).isEqualTo(WireStatus.OK);
            assertThat(ip.totalLength()).isEqualTo(length - ETH);
            assertThat(ip.verifyHeaderChecksum()).isTrue();
            TcpSegment tcp = new TcpSegment().wrap(out, ETH + ip.headerLength(), ip.payloadLength());
            assertThat(tcp.checkLength()).isEqualTo(WireStatus.OK);
            assertThat(tcp.verifyChecksum(ip.pseudoHeaderSum(ip.payloadLength()))).isTrue();
            payloads.add(out.asSlice(ETH + ip.headerLength() + tcp.headerLength(), tcp.payloadLength())
                .toArray(ValueLayout.JAVA_BYTE));
            flags.add(tcp.flags());
            sequences.add(tcp.sequenceNumber());
            identifications.add(ip.identification());
            assertThat(out.asSlice(0, 12).mismatch(read.asSlice(HDR, 12))).as("MACs kept").isEqualTo(-1);
        }
        assertThat(payloads).extracting(p -> p.length).containsExactly(1000, 1000, 500);
        byte[] joined = new byte[2500];
        int at = 0;
        for (byte[] p : payloads) {
            System.arraycopy(p, 0, joined, at, p.length);
            at += p.length;
        }
        assertThat(joined).isEqualTo(payload);
        assertThat(sequences).containsExactly(1_000_000, 1_001_000, 1_002_000);
        assertThat(identifications).containsExactly(0x4242, 0x4243, 0x4244);
        assertThat(flags).containsExactly(TcpSegment.ACK | TcpSegment.CWR, TcpSegment.ACK,
            TcpSegment.ACK | TcpSegment.PSH | TcpSegment.FIN);
    }

    @Test
    void aSegmentThatDoesNotFitTheReadersBufferEndsThePacket() {
        MemorySegment read = tcpGso(new byte[3000], 1400, TcpSegment.ACK, false);
        OffloadedFrames frames = new OffloadedFrames();
        frames.accept(read, 0, (int) read.byteSize());
        assertThat(frames.next(arena.allocate(1000), 0, 1000)).isZero();
        assertThat(frames.hasPending()).isFalse();
    }

    @Test
    void segmentingAndCompletingChecksumsAllocatesNothing() {
        MemorySegment gso = tcpGso(new byte[8000], 1448, TcpSegment.ACK, false);
        MemorySegment pristine = arena.allocate(gso.byteSize());
        pristine.copyFrom(gso);
        MemorySegment partial = udp(new byte[1000], true);
        MemorySegment out = arena.allocate(2048);
        OffloadedFrames frames = new OffloadedFrames();
        Runnable one = () -> {
            gso.copyFrom(pristine);
            frames.accept(gso, 0, (int) gso.byteSize());
            while (frames.hasPending()) {
                frames.next(out, 0, 2048);
            }
            frames.accept(partial, 0, (int) partial.byteSize());
            frames.next(out, 0, 2048);
        };
        for (int i = 0; i < 20_000; i++) {
            one.run();
        }
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            one.run();
        }
        assertThat(threads.getCurrentThreadAllocatedBytes() - start).as("bytes for 10,000 packets").isLessThan(4096);
    }

    @Test
    void arbitraryReadsNeverThrowAndNeverOverrunTheReadersBuffer() {
        java.util.Random random = new java.util.Random(7);
        MemorySegment out = arena.allocate(1600);
        OffloadedFrames frames = new OffloadedFrames();
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(3000);
            MemorySegment read = i % 2 == 0 ? arena.allocate(length) : tcpGso(new byte[random.nextInt(5000)],
                random.nextInt(2000), random.nextInt(256), random.nextBoolean());
            length = (int) Math.min(length, read.byteSize());
            for (int b = 0; b < (i % 2 == 0 ? length : 60); b++) {
                if (b < read.byteSize()) {
                    read.set(ValueLayout.JAVA_BYTE, b, (byte) random.nextInt(256));
                }
            }
            if (i % 4 == 1) {
                // A sane GSO header over random bytes beyond it.
                read.set(ValueLayout.JAVA_BYTE, 1, (byte) OffloadedFrames.GSO_TCPV4);
            }
            frames.accept(read, 0, i % 2 == 0 ? length : (int) read.byteSize());
            int guard = 0;
            while (frames.hasPending() && guard++ < 10_000) {
                assertThat(frames.next(out, 0, 1600)).isBetween(0, 1600);
            }
            assertThat(frames.hasPending()).isFalse();
        }
    }

    @Test
    void aReadShorterThanTheHeaderIsRefused() {
        OffloadedFrames frames = new OffloadedFrames();
        assertThat(frames.accept(arena.allocate(4), 0, 4)).isFalse();
        assertThat(frames.hasPending()).isFalse();
    }

    /** A read: virtio-net header, then a UDP frame whose checksum is complete or only the pseudo-header's. */
    private MemorySegment udp(byte[] payload, boolean partial) {
        int udpLength = UdpDatagram.HEADER_LENGTH + payload.length;
        MemorySegment s = arena.allocate(HDR + ETH + Ipv4Packet.HEADER_LENGTH + udpLength);
        Ipv4Packet ip = ipv4(s, IpProtocol.UDP, Ipv4Packet.HEADER_LENGTH + udpLength);
        UdpDatagram udp = new UdpDatagram().wrap(s, HDR + ETH + Ipv4Packet.HEADER_LENGTH, udpLength);
        udp.setSourcePort(1234);
        udp.setDestinationPort(5678);
        udp.setDatagramLength(udpLength);
        MemorySegment.copy(payload, 0, s, ValueLayout.JAVA_BYTE, HDR + ETH + Ipv4Packet.HEADER_LENGTH + 8,
            payload.length);
        int pseudo = ip.pseudoHeaderSum(udpLength);
        if (partial) {
            // What a stack leaves for the device: the folded pseudo-header sum, not complemented.
            udp.setChecksum(pseudo);
            s.set(ValueLayout.JAVA_BYTE, 0, (byte) OffloadedFrames.F_NEEDS_CSUM);
            s.set(ValueLayout.JAVA_SHORT_UNALIGNED, 6, (short) (ETH + Ipv4Packet.HEADER_LENGTH));
            s.set(ValueLayout.JAVA_SHORT_UNALIGNED, 8, (short) UdpDatagram.CHECKSUM);
        } else {
            udp.fillChecksum(pseudo);
        }
        return s;
    }

    /** A read: virtio-net header announcing TCPv4 GSO, then one large TCP frame. */
    private MemorySegment tcpGso(byte[] payload, int gsoSize, int flags, boolean ecn) {
        int tcpLength = TcpSegment.HEADER_LENGTH + payload.length;
        MemorySegment s = arena.allocate(HDR + ETH + Ipv4Packet.HEADER_LENGTH + tcpLength);
        ipv4(s, IpProtocol.TCP, Ipv4Packet.HEADER_LENGTH + tcpLength);
        TcpSegment tcp = new TcpSegment().wrap(s, HDR + ETH + Ipv4Packet.HEADER_LENGTH, tcpLength);
        tcp.setSourcePort(40_000);
        tcp.setDestinationPort(5201);
        tcp.setSequenceNumber(1_000_000);
        tcp.setAcknowledgmentNumber(77);
        tcp.setHeaderLength(TcpSegment.HEADER_LENGTH);
        tcp.setFlags(flags);
        tcp.setWindow(512);
        MemorySegment.copy(payload, 0, s, ValueLayout.JAVA_BYTE,
            HDR + ETH + Ipv4Packet.HEADER_LENGTH + TcpSegment.HEADER_LENGTH, payload.length);
        s.set(ValueLayout.JAVA_BYTE, 0, (byte) OffloadedFrames.F_NEEDS_CSUM);
        s.set(ValueLayout.JAVA_BYTE, 1, (byte) (OffloadedFrames.GSO_TCPV4 | (ecn ? OffloadedFrames.GSO_ECN : 0)));
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2, (short) (ETH + Ipv4Packet.HEADER_LENGTH + TcpSegment.HEADER_LENGTH));
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, 4, (short) gsoSize);
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, 6, (short) (ETH + Ipv4Packet.HEADER_LENGTH));
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED, 8, (short) TcpSegment.CHECKSUM);
        return s;
    }

    private static Ipv4Packet ipv4(MemorySegment s, int protocol, int ipLength) {
        EthernetFrame eth = new EthernetFrame().wrap(s, HDR, ETH + ipLength);
        eth.setDestination(0x02_00_00_00_00_01L);
        eth.setSource(0x02_00_00_00_00_02L);
        eth.setOuterEtherType(EtherType.IPV4);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, HDR + ETH, ipLength);
        ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        ip.setTotalLength(ipLength);
        ip.setIdentification(0x4242);
        ip.setFlagsAndFragmentOffset(true, false, 0);
        ip.setTtl(64);
        ip.setProtocol(protocol);
        ip.setSource(SOURCE);
        ip.setDestination(DESTINATION);
        ip.fillHeaderChecksum();
        return ip;
    }
}
