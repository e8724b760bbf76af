package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.A0;
import static io.isthmus.agent.dataplane.Fixture.A1;
import static io.isthmus.agent.dataplane.Fixture.A2;
import static io.isthmus.agent.dataplane.Fixture.A3;
import static io.isthmus.agent.dataplane.Fixture.GATEWAY1;
import static io.isthmus.agent.dataplane.Fixture.OVERLAY;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_A;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_B;
import static io.isthmus.agent.dataplane.Fixture.ip;
import static io.isthmus.agent.dataplane.Frames.ETH;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.ArpPacket;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.Checksum;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import io.isthmus.xlat.Ipv6Slot;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundPipelineTest {
    private static final byte[] PAYLOAD = "hello, overlay".getBytes(StandardCharsets.US_ASCII);
    private static final int REMOTE_SAME_SUBNET = ip("10.0.1.99");
    private static final int REMOTE_OTHER_SUBNET = ip("10.0.2.77");

    private final Fixture fixture = new Fixture();
    private final Fixture.Host host = fixture.a;
    private final RecordingSinks sinks = new RecordingSinks();

    private DataplaneCounter send(LocalPort port, MemorySegment frame) {
        return host.outbound.process(port.index(), frame, 0, (int) frame.byteSize(), sinks);
    }

    // --- ARP ---

    @Test
    void arpForSubnetNeighbourIsAnsweredWithItsDerivedMac() {
        int neighbour = ip("10.0.1.200");
        assertThat(send(A0, Frames.arpRequest(A0.mac(), A0.address(), neighbour)))
            .isEqualTo(DataplaneCounter.ARP_REPLIED);
        RecordingSinks.Emitted reply = sinks.only();
        assertThat(reply.port()).isEqualTo(A0.index());
        assertArpReply(reply.segment(), VirtualMacs.forInterface(neighbour), neighbour, A0);
    }

    @Test
    void arpForLocalPortInSubnetIsAnsweredWithThatPortsMac() {
        send(A0, Frames.arpRequest(A0.mac(), A0.address(), A1.address()));
        assertArpReply(sinks.only().segment(), A1.mac(), A1.address(), A0);
    }

    @Test
    void arpForGatewayIsAnsweredWithRouterMac() {
        assertThat(send(A0, Frames.arpRequest(A0.mac(), A0.address(), GATEWAY1)))
            .isEqualTo(DataplaneCounter.ARP_REPLIED);
        assertArpReply(sinks.only().segment(), A0.routerMac(), GATEWAY1, A0);
    }

    @Test
    void arpForOffSubnetTargetIsAnsweredWithRouterMac() {
        int offSubnet = ip("192.0.2.7");
        assertThat(send(A0, Frames.arpRequest(A0.mac(), A0.address(), offSubnet)))
            .isEqualTo(DataplaneCounter.ARP_REPLIED);
        assertArpReply(sinks.only().segment(), A0.routerMac(), offSubnet, A0);
    }

    @Test
    void gratuitousArpClaimingAnotherAddressIsDroppedAndNeverAnswered() {
        int other = A1.address();
        assertThat(send(A0, Frames.arpRequest(A0.mac(), other, other)))
            .isEqualTo(DataplaneCounter.GRATUITOUS_ARP_CONFLICT);
        assertThat(send(A0, Frames.arp(A0.mac(), ArpPacket.REPLY, other, other)))
            .isEqualTo(DataplaneCounter.GRATUITOUS_ARP_CONFLICT);
        // Even an appliance may not claim another address by gratuitous ARP.
        assertThat(send(A3, Frames.arpRequest(A3.mac(), other, other)))
            .isEqualTo(DataplaneCounter.GRATUITOUS_ARP_CONFLICT);
        assertThat(sinks.emitted).isEmpty();
        assertThat(host.counters.get(DataplaneCounter.GRATUITOUS_ARP_CONFLICT)).isEqualTo(3);
    }

    @Test
    void ownAnnouncementAndProbesAreNotAnswered() {
        assertThat(send(A0, Frames.arpRequest(A0.mac(), A0.address(), A0.address())))
            .isEqualTo(DataplaneCounter.ARP_ANNOUNCEMENT_IGNORED);
        assertThat(send(A0, Frames.arpRequest(A0.mac(), 0, A0.address())))
            .isEqualTo(DataplaneCounter.ARP_PROBE_IGNORED);
        // An announcement as a reply (arping -A, RFC 5227 section 3) is no drop either.
        assertThat(send(A0, Frames.arp(A0.mac(), ArpPacket.REPLY, A0.address(), A0.address())))
            .isEqualTo(DataplaneCounter.ARP_ANNOUNCEMENT_IGNORED);
        assertThat(sinks.emitted).isEmpty();
        assertThat(host.counters.drops()).isZero();
    }

    @Test
    void arpWithSpoofedSenderIsDropped() {
        assertThat(send(A0, Frames.arpRequest(A1.mac(), A0.address(), GATEWAY1)))
            .isEqualTo(DataplaneCounter.SPOOFED_SOURCE_MAC);
        assertThat(send(A0, Frames.arpRequest(A0.mac(), A1.address(), GATEWAY1)))
            .isEqualTo(DataplaneCounter.SPOOFED_SOURCE_IP);
        assertThat(send(A0, Frames.arpRequest(A0.mac(), A0.address(), Fixture.SUBNET1)))
            .isEqualTo(DataplaneCounter.ARP_RESERVED_TARGET);
        assertThat(send(A0, Frames.arp(A0.mac(), ArpPacket.REPLY, A0.address(), GATEWAY1)))
            .isEqualTo(DataplaneCounter.ARP_NOT_REQUEST);
        assertThat(sinks.emitted).isEmpty();
    }

    private static void assertArpReply(MemorySegment reply, long answeredMac, int answeredIp, LocalPort asker) {
        EthernetFrame eth = new EthernetFrame().wrap(reply, 0, (int) reply.byteSize());
        assertThat(eth.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(eth.destination()).isEqualTo(asker.mac());
        assertThat(eth.source()).isEqualTo(answeredMac);
        assertThat(eth.etherType()).isEqualTo(EtherType.ARP);
        ArpPacket arp = new ArpPacket().wrap(reply, ETH, (int) reply.byteSize() - ETH);
        assertThat(arp.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(arp.isReply()).isTrue();
        assertThat(arp.senderHardwareAddress()).isEqualTo(answeredMac);
        assertThat(arp.senderProtocolAddress()).isEqualTo(answeredIp);
        assertThat(arp.targetHardwareAddress()).isEqualTo(asker.mac());
        assertThat(arp.targetProtocolAddress()).isEqualTo(asker.address());
    }

    // --- anti-spoofing ---

    @Test
    void spoofedSourceMacOrIpIsDropped() {
        assertThat(send(A0, Frames.udp(A1.mac(), A0.routerMac(), A0.address(), A1.address(), 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.SPOOFED_SOURCE_MAC);
        assertThat(send(A0, Frames.udp(A0.mac(), A0.routerMac(), ip("10.0.1.12"), A1.address(), 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.SPOOFED_SOURCE_IP);
        assertThat(sinks.emitted).isEmpty();
        assertThat(host.counters.get(DataplaneCounter.SPOOFED_SOURCE_MAC)).isEqualTo(1);
        assertThat(host.counters.get(DataplaneCounter.SPOOFED_SOURCE_IP)).isEqualTo(1);
    }

    @Test
    void applianceMayForwardOthersPackets() {
        int forwarded = ip("172.16.0.9");
        assertThat(send(A3, Frames.udp(0x02aa_bbcc_ddeeL, A1.mac(), forwarded, A1.address(), 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.DELIVERED_LOCAL);
        RecordingSinks.Emitted out = sinks.only();
        assertThat(out.port()).isEqualTo(A1.index());
        Ipv4Packet ip = ipv4Of(out.segment());
        assertThat(ip.source()).isEqualTo(forwarded);
    }

    // --- local delivery ---

    @Test
    void localDeliveryInSubnetKeepsTtlAndUsesSenderMac() {
        MemorySegment frame = Frames.udp(A0.mac(), A1.mac(), A0.address(), A1.address(), 64, PAYLOAD);
        byte[] original = frame.asSlice(ETH).toArray(ValueLayout.JAVA_BYTE);
        assertThat(send(A0, frame)).isEqualTo(DataplaneCounter.DELIVERED_LOCAL);
        RecordingSinks.Emitted out = sinks.only();
        assertThat(out.port()).isEqualTo(A1.index());
        EthernetFrame eth = new EthernetFrame().wrap(out.segment(), 0, out.bytes().length);
        assertThat(eth.destination()).isEqualTo(A1.mac());
        assertThat(eth.source()).isEqualTo(A0.mac());
        assertThat(out.segment().asSlice(ETH).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(original);
    }

    @Test
    void localDeliveryAcrossSubnetsDecrementsTtlOnceAndRewritesMacs() {
        MemorySegment frame = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 64, PAYLOAD);
        assertThat(send(A0, frame)).isEqualTo(DataplaneCounter.DELIVERED_LOCAL);
        RecordingSinks.Emitted out = sinks.only();
        assertThat(out.port()).isEqualTo(A2.index());
        MemorySegment s = out.segment();
        EthernetFrame eth = new EthernetFrame().wrap(s, 0, out.bytes().length);
        assertThat(eth.destination()).isEqualTo(A2.mac());
        assertThat(eth.source()).isEqualTo(A2.routerMac());
        Ipv4Packet ip = ipv4Of(s);
        assertThat(ip.ttl()).isEqualTo(63);
        assertThat(ip.verifyHeaderChecksum()).isTrue();
        assertThat(udpVerifies4(ip)).isTrue();
    }

    @Test
    void ttlRunningOutAtTheRouterIsAnsweredWithTimeExceededFromTheRouter() {
        MemorySegment expiring = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 1, PAYLOAD);
        byte[] original = Frames.copy(expiring).asSlice(ETH).toArray(ValueLayout.JAVA_BYTE);
        assertThat(send(A0, expiring)).isEqualTo(DataplaneCounter.TTL_EXPIRED);
        RecordingSinks.Emitted out = sinks.only();
        assertThat(out.port()).isEqualTo(A0.index());
        EthernetFrame eth = new EthernetFrame().wrap(out.segment(), 0, out.bytes().length);
        assertThat(eth.destination()).isEqualTo(A0.mac());
        assertThat(eth.source()).isEqualTo(A0.routerMac());
        Ipv4Packet ip = ipv4Of(out.segment());
        assertThat(ip.verifyHeaderChecksum()).isTrue();
        assertThat(ip.source()).as("from the router where TTL ran out").isEqualTo(GATEWAY1);
        assertThat(ip.destination()).isEqualTo(A0.address());
        assertThat(ip.protocol()).isEqualTo(IpProtocol.ICMP);
        Icmpv4Packet icmp = new Icmpv4Packet().wrap(ip.segment(), ip.offset() + ip.headerLength(), ip.payloadLength());
        assertThat(icmp.type()).isEqualTo(Icmpv4Packet.TIME_EXCEEDED);
        assertThat(icmp.code()).isEqualTo(Icmpv4Packet.CODE_TTL_EXCEEDED);
        assertThat(Checksum.sum(icmp.segment(), icmp.offset(), ip.payloadLength(), 0)).isEqualTo(0xffff);
        // The whole packet as it arrived (TTL 1), as it fits in 576 bytes.
        assertThat(icmp.segment().asSlice(icmp.offset() + 8, ip.payloadLength() - 8).toArray(ValueLayout.JAVA_BYTE))
            .isEqualTo(original);
        assertThat(host.counters.get(DataplaneCounter.ICMP_ERROR_TO_SENDER)).isEqualTo(1);

        // Within the subnet no router is crossed: TTL 1 is delivered.
        assertThat(send(A0, Frames.udp(A0.mac(), A1.mac(), A0.address(), A1.address(), 1, PAYLOAD)))
            .isEqualTo(DataplaneCounter.DELIVERED_LOCAL);
    }

    @Test
    void noTimeExceededAboutAnIcmpErrorAndTheQuoteStopsAt576Bytes() {
        // An ICMP error whose TTL runs out is dropped silently (RFC 1812 section 4.3.2.7).
        MemorySegment error = Frames.echoRequest(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 1, PAYLOAD);
        new Icmpv4Packet().wrap(error, ETH + Ipv4Packet.HEADER_LENGTH, 8).setType(Icmpv4Packet.DESTINATION_UNREACHABLE);
        assertThat(send(A0, error)).isEqualTo(DataplaneCounter.TTL_EXPIRED);
        assertThat(sinks.emitted).isEmpty();
        // A large datagram is quoted up to 576 bytes of error in all.
        MemorySegment large = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 1, new byte[1200]);
        assertThat(send(A0, large)).isEqualTo(DataplaneCounter.TTL_EXPIRED);
        assertThat(ipv4Of(sinks.only().segment()).totalLength()).isEqualTo(576);
    }

    @Test
    void theGatewayAnswersPingFromTheRoutersAddressAndMac() {
        MemorySegment request = Frames.echoRequest(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 3, PAYLOAD);
        assertThat(send(A0, request)).isEqualTo(DataplaneCounter.ROUTER_ECHO_REPLIED);
        RecordingSinks.Emitted out = sinks.only();
        assertThat(out.port()).isEqualTo(A0.index());
        EthernetFrame eth = new EthernetFrame().wrap(out.segment(), 0, out.bytes().length);
        assertThat(eth.destination()).isEqualTo(A0.mac());
        assertThat(eth.source()).isEqualTo(A0.routerMac());
        Ipv4Packet ip = ipv4Of(out.segment());
        assertThat(ip.verifyHeaderChecksum()).isTrue();
        assertThat(ip.source()).isEqualTo(GATEWAY1);
        assertThat(ip.destination()).isEqualTo(A0.address());
        assertThat(ip.ttl()).as("originated by the router, not the request's TTL").isEqualTo(64);
        Icmpv4Packet reply = new Icmpv4Packet().wrap(ip.segment(), ip.offset() + ip.headerLength(), ip.payloadLength());
        assertThat(reply.type()).isEqualTo(Icmpv4Packet.ECHO_REPLY);
        assertThat(reply.identifier()).isEqualTo(0x1234);
        assertThat(reply.sequence()).isEqualTo(7);
        assertThat(Checksum.sum(reply.segment(), reply.offset(), ip.payloadLength(), 0)).isEqualTo(0xffff);
        assertThat(reply.segment().asSlice(reply.offset() + 8, PAYLOAD.length).toArray(ValueLayout.JAVA_BYTE))
            .isEqualTo(PAYLOAD);
    }

    @Test
    void theGatewayIgnoresEchoRequestsWithBadChecksumsAndOtherGatewaysTraffic() {
        MemorySegment bad = Frames.echoRequest(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD);
        bad.set(ValueLayout.JAVA_BYTE, ETH + Ipv4Packet.HEADER_LENGTH + 8, (byte) 0x55);
        assertThat(send(A0, bad)).isEqualTo(DataplaneCounter.BAD_ICMP_CHECKSUM);
        // An echo reply (not a request) to the router is not answered.
        MemorySegment notRequest = Frames.echoRequest(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD);
        new Icmpv4Packet().wrap(notRequest, ETH + Ipv4Packet.HEADER_LENGTH, 8).setType(Icmpv4Packet.ECHO_REPLY);
        assertThat(send(A0, notRequest)).isEqualTo(DataplaneCounter.ADDRESSED_TO_ROUTER);
        assertThat(sinks.emitted).isEmpty();
    }

    @Test
    void unroutableAndUnsupportedDestinationsAreCounted() {
        assertThat(send(A0, Frames.udp(A0.mac(), A0.routerMac(), A0.address(), ip("127.0.0.1"), 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.NO_ROUTE_LOCAL);
        assertThat(send(A0, Frames.udp(A0.mac(), 0x0100_5e00_0001L, A0.address(), ip("240.0.0.1"), 64,
            PAYLOAD))).isEqualTo(DataplaneCounter.RESERVED_DESTINATION);
        assertThat(send(A0, Frames.udp(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.ADDRESSED_TO_ROUTER);
        MemorySegment bad = Frames.udp(A0.mac(), A1.mac(), A0.address(), A1.address(), 64, PAYLOAD);
        bad.set(ValueLayout.JAVA_BYTE, ETH + Ipv4Packet.TTL, (byte) 9);
        assertThat(send(A0, bad)).isEqualTo(DataplaneCounter.BAD_IPV4_HEADER_CHECKSUM);
        assertThat(host.outbound.process(A0.index(), bad, 0, 10, sinks)).isEqualTo(DataplaneCounter.MALFORMED_FRAME);
        assertThat(host.outbound.process(42, bad, 0, 10, sinks)).isEqualTo(DataplaneCounter.UNKNOWN_SOURCE_PORT);
        assertThat(sinks.emitted).isEmpty();
        assertThat(host.counters.drops()).isEqualTo(6);
    }

    // --- the routers' services ---

    @Test
    void dhcpFromAnAddresslessClientIgmpAndSnmpToTheGatewayArePunted() {
        MemorySegment discover = Frames.udp(A0.mac(), -1L & 0xffff_ffff_ffffL, 0, -1, 64, PAYLOAD);
        udpOf(discover).setDestinationPort(67);
        assertThat(send(A0, discover)).isEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        MemorySegment renew = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD);
        udpOf(renew).setDestinationPort(67);
        assertThat(send(A0, renew)).isEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        MemorySegment snmp = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD);
        udpOf(snmp).setDestinationPort(161);
        assertThat(send(A0, snmp)).isEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        MemorySegment igmp = Frames.udp(A0.mac(), 0x0100_5e00_0016L, A0.address(), ip("224.0.0.22"), 1, PAYLOAD);
        Ipv4Packet header = ipv4Of(igmp);
        header.setProtocol(IpProtocol.IGMP);
        header.fillHeaderChecksum();
        assertThat(send(A0, igmp)).isEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        assertThat(host.punted).containsExactly(RouterPunt.Kind.DHCP, RouterPunt.Kind.DHCP, RouterPunt.Kind.SNMP,
            RouterPunt.Kind.IGMP);
        assertThat(sinks.emitted).isEmpty();
    }

    @Test
    void aParticipantsRoutingProtocolsGoToTheRouterAndOthersStayOnTheLink() {
        host.routingParticipants.add(A0.index());
        MemorySegment hello = Frames.udp(A0.mac(), 0x0100_5e00_0005L, A0.address(), ip("224.0.0.5"), 1, PAYLOAD);
        Ipv4Packet ospf = ipv4Of(hello);
        ospf.setProtocol(IpProtocol.OSPF);
        ospf.fillHeaderChecksum();
        MemorySegment unicastOspf = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 1, PAYLOAD);
        ipv4Of(unicastOspf).setProtocol(IpProtocol.OSPF);
        ipv4Of(unicastOspf).fillHeaderChecksum();
        MemorySegment rip = Frames.udp(A0.mac(), 0x0100_5e00_0009L, A0.address(), ip("224.0.0.9"), 1, PAYLOAD);
        udpOf(rip).setDestinationPort(520);
        MemorySegment ripToRouter = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 1, PAYLOAD);
        udpOf(ripToRouter).setDestinationPort(520);
        MemorySegment bgp = tcpTo(A0, GATEWAY1, 179);
        assertThat(send(A0, Frames.copy(hello))).isEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        assertThat(send(A0, unicastOspf)).isEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        assertThat(send(A0, Frames.copy(rip))).isEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        assertThat(send(A0, ripToRouter)).isEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        assertThat(send(A0, Frames.copy(bgp))).isEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        assertThat(host.punted).containsExactly(RouterPunt.Kind.OSPF, RouterPunt.Kind.OSPF, RouterPunt.Kind.RIP,
            RouterPunt.Kind.RIP, RouterPunt.Kind.BGP);
        assertThat(send(A0, tcpTo(A0, GATEWAY1, 180))).isEqualTo(DataplaneCounter.ADDRESSED_TO_ROUTER);

        host.routingParticipants.clear();
        host.punted.clear();
        assertThat(send(A0, hello)).isNotEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        assertThat(send(A0, rip)).isNotEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        assertThat(send(A0, bgp)).isEqualTo(DataplaneCounter.ADDRESSED_TO_ROUTER);
        assertThat(host.punted).isEmpty();
    }

    /** A TCP SYN from {@code port} to {@code destination}'s {@code tcpPort}, through the port's router. */
    private static MemorySegment tcpTo(LocalPort port, int destination, int tcpPort) {
        MemorySegment frame = Frames.udp(port.mac(), port.routerMac(), port.address(), destination, 64,
            new byte[20]);
        Ipv4Packet header = ipv4Of(frame);
        header.setProtocol(IpProtocol.TCP);
        header.fillHeaderChecksum();
        MemorySegment tcp = frame.asSlice(ETH + Ipv4Packet.HEADER_LENGTH);
        tcp.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 2,
            (short) tcpPort);
        tcp.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 12, (byte) 0x50);
        return frame;
    }

    @Test
    void dhcpFromAnotherAddressIsSpoofingAndAFullSlowPathIsCounted() {
        MemorySegment forged = Frames.udp(A0.mac(), A0.routerMac(), A1.address(), GATEWAY1, 64, PAYLOAD);
        udpOf(forged).setDestinationPort(67);
        assertThat(send(A0, forged)).isEqualTo(DataplaneCounter.SPOOFED_SOURCE_IP);
        MemorySegment snmpElsewhere = Frames.udp(A0.mac(), A1.mac(), A0.address(), A1.address(), 64, PAYLOAD);
        udpOf(snmpElsewhere).setDestinationPort(161);
        assertThat(send(A0, snmpElsewhere)).isNotEqualTo(DataplaneCounter.PUNTED_TO_ROUTER);
        host.full = true;
        MemorySegment snmp = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), GATEWAY1, 64, PAYLOAD);
        udpOf(snmp).setDestinationPort(161);
        assertThat(send(A0, snmp)).isEqualTo(DataplaneCounter.PUNT_REFUSED);
        assertThat(host.punted).isEmpty();
        assertThat(host.counters.get(DataplaneCounter.PUNT_REFUSED)).isEqualTo(1);
    }

    /** The UDP header of a frame built by {@link Frames#udp}; its checksum is not kept up to date. */
    private static UdpDatagram udpOf(MemorySegment frame) {
        return new UdpDatagram().wrap(frame, ETH + Ipv4Packet.HEADER_LENGTH, (int) frame.byteSize() - ETH
            - Ipv4Packet.HEADER_LENGTH);
    }

    // --- remote ---

    @Test
    void missDropsAndQueuesOneRequest() {
        for (int i = 0; i < 3; i++) {
            assertThat(send(A0, udpTo(REMOTE_SAME_SUBNET))).isEqualTo(DataplaneCounter.RESOLUTION_MISS);
        }
        assertThat(sinks.emitted).isEmpty();
        assertThat(host.counters.get(DataplaneCounter.RESOLUTION_MISS)).isEqualTo(3);
        assertThat(host.counters.get(DataplaneCounter.RESOLUTION_REQUESTED)).isEqualTo(1);
        assertThat(host.counters.get(DataplaneCounter.RESOLUTION_REQUEST_DEDUPED)).isEqualTo(2);
        List<int[]> asked = drain();
        assertThat(asked).containsExactly(new int[] {A0.index(), OVERLAY, REMOTE_SAME_SUBNET});
        // Still in flight: not asked again until the retry interval passes.
        send(A0, udpTo(REMOTE_SAME_SUBNET));
        assertThat(drain()).isEmpty();
        fixture.now[0] += 2_000_000_000L;
        send(A0, udpTo(REMOTE_SAME_SUBNET));
        assertThat(drain()).hasSize(1);
    }

    @Test
    void installedEntryTranslatesWithSubstrateAddresses() {
        send(A0, udpTo(REMOTE_SAME_SUBNET));
        drain();
        host.allow(REMOTE_SAME_SUBNET, PREFIX_B);
        host.requests.complete(OVERLAY, REMOTE_SAME_SUBNET);
        sinks.clear();

        assertThat(send(A0, udpTo(REMOTE_SAME_SUBNET))).isEqualTo(DataplaneCounter.SENT_TO_SUBSTRATE);
        RecordingSinks.Emitted out = sinks.only();
        assertThat(out.port()).isEqualTo(RecordingSinks.SUBSTRATE);
        Ipv6Packet ip6 = new Ipv6Packet().wrap(out.segment(), 0, out.bytes().length);
        assertThat(ip6.checkLength()).isEqualTo(WireStatus.OK);
        Ipv6Slot source = Fixture.substrate(PREFIX_A, A0.address());
        Ipv6Slot destination = Fixture.substrate(PREFIX_B, REMOTE_SAME_SUBNET);
        assertThat(ip6.sourceHigh()).isEqualTo(source.high);
        assertThat(ip6.sourceLow()).isEqualTo(source.low);
        assertThat(ip6.destinationHigh()).isEqualTo(destination.high);
        assertThat(ip6.destinationLow()).isEqualTo(destination.low);
        assertThat(Fixture.ADDRESSING.networkId(ip6.destinationHigh(), ip6.destinationLow())).isEqualTo(OVERLAY);
        assertThat(ip6.hopLimit()).isEqualTo(SubstrateTtl.SUBSTRATE_HOP_LIMIT);
        assertThat(ip6.flowLabel() & 0xff).as("the TTL, in the flow label").isEqualTo(64);
        assertThat(ip6.nextHeader()).isEqualTo(IpProtocol.UDP);
        UdpDatagram udp = new UdpDatagram().wrap(ip6.segment(), Ipv6Packet.HEADER_LENGTH, ip6.payloadLength());
        assertThat(udp.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(udp.verifyChecksum(ip6.pseudoHeaderSum(IpProtocol.UDP, udp.length()))).isTrue();
        assertThat(udp.segment().asSlice(udp.offset() + UdpDatagram.HEADER_LENGTH, PAYLOAD.length)
            .toArray(ValueLayout.JAVA_BYTE)).isEqualTo(PAYLOAD);
    }

    @Test
    void remoteAcrossSubnetsDecrementsTtlBeforeTranslation() {
        host.allow(REMOTE_OTHER_SUBNET, PREFIX_B);
        assertThat(send(A0, Frames.udp(A0.mac(), A0.routerMac(), A0.address(), REMOTE_OTHER_SUBNET, 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.SENT_TO_SUBSTRATE);
        Ipv6Packet ip6 = new Ipv6Packet().wrap(sinks.only().segment(), 0, sinks.only().bytes().length);
        assertThat(ip6.flowLabel() & 0xff).as("the TTL, in the flow label").isEqualTo(63);
    }

    @Test
    void refusedPairIsDropped() {
        host.refuse(REMOTE_SAME_SUBNET);
        assertThat(send(A0, udpTo(REMOTE_SAME_SUBNET))).isEqualTo(DataplaneCounter.NOT_ALLOWED);
        assertThat(sinks.emitted).isEmpty();
        assertThat(drain()).isEmpty();
    }

    @Test
    void expiredEntryStillForwardsAndAsksForRefresh() {
        host.allow(REMOTE_SAME_SUBNET, PREFIX_B);
        fixture.now[0] += Fixture.TTL_NANOS + 1;
        assertThat(send(A0, udpTo(REMOTE_SAME_SUBNET))).isEqualTo(DataplaneCounter.SENT_TO_SUBSTRATE);
        assertThat(send(A0, udpTo(REMOTE_SAME_SUBNET))).isEqualTo(DataplaneCounter.SENT_TO_SUBSTRATE);
        assertThat(sinks.emitted).hasSize(2);
        assertThat(host.counters.get(DataplaneCounter.FORWARDED_ON_STALE_ENTRY)).isEqualTo(2);
        assertThat(drain()).containsExactly(new int[] {A0.index(), OVERLAY, REMOTE_SAME_SUBNET});
    }

    @Test
    void invalidatedEntryStillForwardsAndAsksForRefresh() {
        host.allow(REMOTE_SAME_SUBNET, PREFIX_B);
        host.cache.invalidate(OVERLAY, REMOTE_SAME_SUBNET);
        assertThat(send(A0, udpTo(REMOTE_SAME_SUBNET))).isEqualTo(DataplaneCounter.SENT_TO_SUBSTRATE);
        assertThat(drain()).hasSize(1);
        host.allow(REMOTE_SAME_SUBNET, PREFIX_B);
        host.requests.complete(OVERLAY, REMOTE_SAME_SUBNET);
        send(A0, udpTo(REMOTE_SAME_SUBNET));
        assertThat(drain()).isEmpty();
        host.cache.expireAll();
        send(A0, udpTo(REMOTE_SAME_SUBNET));
        assertThat(drain()).hasSize(1);
    }

    private MemorySegment udpTo(int destination) {
        return Frames.udp(A0.mac(), A0.routerMac(), A0.address(), destination, 64, PAYLOAD);
    }

    private List<int[]> drain() {
        List<int[]> asked = new ArrayList<>();
        host.requests.drain(fixture.now[0], (port, overlay, ipv4) -> asked.add(new int[] {port, overlay, ipv4}));
        return asked;
    }

    static Ipv4Packet ipv4Of(MemorySegment frame) {
        Ipv4Packet ip = new Ipv4Packet().wrap(frame, ETH, (int) frame.byteSize() - ETH);
        assertThat(ip.checkLength()).isEqualTo(WireStatus.OK);
        return ip;
    }

    static boolean udpVerifies4(Ipv4Packet ip) {
        UdpDatagram udp = new UdpDatagram().wrap(ip.segment(), ip.offset() + ip.headerLength(), ip.payloadLength());
        return udp.checkLength() == WireStatus.OK && udp.verifyChecksum(ip.pseudoHeaderSum(udp.length()));
    }
}
