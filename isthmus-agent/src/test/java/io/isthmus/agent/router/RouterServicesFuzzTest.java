package io.isthmus.agent.router;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.isthmus.agent.dataplane.DataplaneCounters;
import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.MulticastGroups;
import io.isthmus.agent.dataplane.NetworkSettings;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.agent.dataplane.SubnetView;
import io.isthmus.agent.router.dhcp.DhcpServer;
import io.isthmus.agent.router.multicast.MulticastMembership;
import io.isthmus.agent.router.snmp.SnmpService;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.Checksum;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.UdpDatagram;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The routers' services take whatever a node sends: random payloads behind valid headers (so that checksums pass
 * and the service's own parser is reached), then every single-byte corruption of such frames, and never throw.
 */
class RouterServicesFuzzTest {
    private static final int OVERLAY = 7;
    private static final int NODE = Ipv4Address.parse("10.0.0.4");
    private static final int GATEWAY = Ipv4Address.parse("10.0.0.1");
    private static final LocalPort PORT = new LocalPort(0, "node-1", "if-1", OVERLAY, NODE,
        VirtualMacs.forInterface(NODE), Ipv4Address.parse("10.0.0.0"), 24, GATEWAY, VirtualMacs.router(GATEWAY), true);
    private static final NetworkView NETWORK = new NetworkView(OVERLAY, "net-1",
        new NetworkSettings(1400, List.of(Ipv4Address.parse("10.0.0.2")), 600, "s3cret", true),
        List.of(new SubnetView("sub-1", Ipv4Address.parse("10.0.0.0"), 24, GATEWAY, VirtualMacs.router(GATEWAY))),
        List.of(new NetworkView.Member("node-1", "if-1", "sub-1", NODE, PORT.mac(), "host-1", 0, 0, true)));
    private static final DataplaneSinks NOWHERE = new DataplaneSinks() {
        @Override
        public void toPort(int portIndex, MemorySegment segment, long offset, int length) {
        }

        @Override
        public void toSubstrate(MemorySegment segment, long offset, int length) {
        }
    };

    /** A frame from the node to {@code destination} with {@code protocol} and {@code payload}, checksums valid. */
    private static byte[] frame(int destination, int protocol, int destinationPort, byte[] payload) {
        boolean udp = protocol == IpProtocol.UDP;
        int transport = (udp ? UdpDatagram.HEADER_LENGTH : 0) + payload.length;
        int ipLength = Ipv4Packet.HEADER_LENGTH + transport;
        MemorySegment s = MemorySegment.ofArray(new byte[EthernetFrame.HEADER_LENGTH + ipLength]);
        EthernetFrame eth = new EthernetFrame().wrap(s, 0, (int) s.byteSize());
        eth.setDestination(PORT.routerMac());
        eth.setSource(PORT.mac());
        eth.setOuterEtherType(EtherType.IPV4);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, EthernetFrame.HEADER_LENGTH, ipLength);
        ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        ip.setTotalLength(ipLength);
        ip.setTtl(udp ? 64 : 1);
        ip.setProtocol(protocol);
        ip.setSource(destinationPort == 67 ? 0 : NODE);
        ip.setDestination(destination);
        ip.fillHeaderChecksum();
        long body = EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH + (udp ? UdpDatagram.HEADER_LENGTH : 0);
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, s, body, payload.length);
        if (udp) {
            UdpDatagram datagram = new UdpDatagram().wrap(s, EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH,
                transport);
            datagram.setSourcePort(destinationPort == 67 ? 68 : 40_000);
            datagram.setDestinationPort(destinationPort);
            datagram.setDatagramLength(transport);
            datagram.fillChecksum(ip.pseudoHeaderSum(transport));
        } else if (payload.length >= 4) {
            // IGMP: the checksum over the message.
            s.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, body + 2, (short) 0);
            int sum = Checksum.finish(Checksum.sum(s, body, payload.length, 0));
            s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, body + 2, (byte) (sum >>> 8));
            s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, body + 3, (byte) sum);
        }
        return s.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    private static void fuzz(RouterService service, int destination, int protocol, int port, byte[] prefix) {
        Random random = new Random(port * 31L + protocol);
        for (int i = 0; i < 3000; i++) {
            byte[] payload = new byte[prefix.length + random.nextInt(400)];
            random.nextBytes(payload);
            System.arraycopy(prefix, 0, payload, 0, Math.min(prefix.length, payload.length));
            byte[] frame = frame(destination, protocol, port, payload);
            if (i % 3 == 0) {
                frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            }
            int length = i % 5 == 0 ? random.nextInt(frame.length + 1) : frame.length;
            NetworkView network = i % 7 == 0 ? null : NETWORK;
            assertThatCode(() -> service.handle(PORT, network, MemorySegment.ofArray(frame), length, NOWHERE))
                .doesNotThrowAnyException();
        }
        assertThatCode(() -> service.tick(System.nanoTime(), NOWHERE)).doesNotThrowAnyException();
    }

    @Test
    void dhcpTakesAnything() {
        // A BOOTREQUEST header start (op 1, htype 1, hlen 6) so that random bytes reach the options; the magic cookie
        // sits at 236, beyond this prefix, so both cookie-less and (by chance of corruption) other messages occur.
        byte[] prefix = new byte[240];
        prefix[0] = 1;
        prefix[1] = 1;
        prefix[2] = 6;
        prefix[236] = 99;
        prefix[237] = (byte) 130;
        prefix[238] = 83;
        prefix[239] = 99;
        fuzz(new DhcpServer(line -> { }), -1, IpProtocol.UDP, 67, prefix);
    }

    @Test
    void snmpTakesAnything() {
        // SEQUENCE, version 1 (v2c), community "s3cret": random PDUs behind a message header that passes.
        byte[] prefix = {0x30, (byte) 0x81, (byte) 0xff, 0x02, 0x01, 0x01, 0x04, 0x06, 's', '3', 'c', 'r', 'e', 't'};
        fuzz(new SnmpService("host-1", System::nanoTime), GATEWAY, IpProtocol.UDP, 161, prefix);
    }

    @Test
    void igmpTakesAnything() {
        PortTable ports = new PortTable();
        ports.put(PORT);
        ports.replaceNetworks(List.of(NETWORK));
        MulticastMembership membership = new MulticastMembership(ports, new MulticastGroups(),
            new DataplaneCounters(), MulticastMembership.Timers.DEFAULTS, System::nanoTime);
        // A version 3 report type, so that group records are parsed from the random rest.
        fuzz(membership, Ipv4Address.parse("224.0.0.22"), IpProtocol.IGMP, 0, new byte[] {0x22});
    }
}
