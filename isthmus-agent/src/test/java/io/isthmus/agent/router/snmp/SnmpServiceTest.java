package io.isthmus.agent.router.snmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.NetworkSettings;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.dataplane.RouterInterfaceCounters;
import io.isthmus.agent.dataplane.SubnetView;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.Checksum;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.UdpDatagram;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link SnmpService} at the frame level: what a node's snmpget sends, what the router answers. */
class SnmpServiceTest {
    static final int OVERLAY = 7;
    static final int NODE = Ipv4Address.parse("10.0.0.4");
    static final int GATEWAY = Ipv4Address.parse("10.0.0.1");
    static final int GATEWAY2 = Ipv4Address.parse("10.0.1.1");
    static final LocalPort PORT = new LocalPort(3, "node-1", "if-1", OVERLAY, NODE, VirtualMacs.forInterface(NODE),
        Ipv4Address.parse("10.0.0.0"), 24, GATEWAY, VirtualMacs.router(GATEWAY), true);
    static final SubnetView WEB = new SubnetView("subnet-web", Ipv4Address.parse("10.0.0.0"), 24, GATEWAY,
        VirtualMacs.router(GATEWAY));
    static final SubnetView DB = new SubnetView("subnet-db", Ipv4Address.parse("10.0.1.0"), 24, GATEWAY2,
        VirtualMacs.router(GATEWAY2));
    static final byte[] COMMUNITY = "s3cret".getBytes(StandardCharsets.US_ASCII);

    final long[] now = {TimeUnit.SECONDS.toNanos(100)};
    final SnmpService service = new SnmpService("host-1", () -> now[0]);
    final List<byte[]> sent = new ArrayList<>();
    final List<Integer> sentTo = new ArrayList<>();
    final DataplaneSinks out = new DataplaneSinks() {
        @Override
        public void toPort(int portIndex, MemorySegment segment, long offset, int length) {
            sentTo.add(portIndex);
            sent.add(segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
        }

        @Override
        public void toSubstrate(MemorySegment segment, long offset, int length) {
            throw new AssertionError("an SNMP answer never goes to the substrate");
        }
    };

    static NetworkView network(String community, SubnetView... subnets) {
        return new NetworkView(OVERLAY, "net-1", new NetworkSettings(1480, List.of(), 86_400, community, false),
            List.of(subnets), List.of());
    }

    /** A frame from the node's port 40000 to UDP 161 of {@code to}, carrying {@code message}, checksums valid. */
    static MemorySegment request(int to, byte[] message) {
        int udpLength = UdpDatagram.HEADER_LENGTH + message.length;
        int ipLength = Ipv4Packet.HEADER_LENGTH + udpLength;
        MemorySegment frame = MemorySegment.ofArray(new byte[EthernetFrame.HEADER_LENGTH + ipLength]);
        EthernetFrame ethernet = new EthernetFrame().wrap(frame, 0, (int) frame.byteSize());
        ethernet.setDestination(PORT.routerMac());
        ethernet.setSource(PORT.mac());
        ethernet.setOuterEtherType(EtherType.IPV4);
        Ipv4Packet ip = new Ipv4Packet().wrap(frame, EthernetFrame.HEADER_LENGTH, ipLength);
        ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        ip.setTotalLength(ipLength);
        ip.setFlagsAndFragmentOffset(true, false, 0);
        ip.setTtl(64);
        ip.setProtocol(IpProtocol.UDP);
        ip.setSource(NODE);
        ip.setDestination(to);
        ip.fillHeaderChecksum();
        UdpDatagram udp = new UdpDatagram().wrap(frame, EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH,
            udpLength);
        udp.setSourcePort(40000);
        udp.setDestinationPort(161);
        udp.setDatagramLength(udpLength);
        MemorySegment.copy(message, 0, frame, ValueLayout.JAVA_BYTE, EthernetFrame.HEADER_LENGTH
            + Ipv4Packet.HEADER_LENGTH + UdpDatagram.HEADER_LENGTH, message.length);
        udp.fillChecksum(ip.pseudoHeaderSum(udpLength));
        return frame;
    }

    static byte[] get(byte[] community, Pdu pdu) {
        return SnmpCodec.encode(SnmpMessage.v2c(community, pdu));
    }

    private void handle(NetworkView network, MemorySegment frame) {
        service.handle(PORT, network, frame, (int) frame.byteSize(), out);
    }

    /** The one answer sent, checked at every layer, decoded. */
    private SnmpMessage answer() throws SnmpDecodeException {
        return answer(GATEWAY, 64);
    }

    /** The one answer sent, from router address {@code router} with {@code ttl}, checked at every layer, decoded. */
    private SnmpMessage answer(int router, int ttl) throws SnmpDecodeException {
        assertThat(sent).hasSize(1);
        assertThat(sentTo).containsExactly(PORT.index());
        MemorySegment frame = MemorySegment.ofArray(sent.getFirst());
        EthernetFrame ethernet = new EthernetFrame().wrap(frame, 0, (int) frame.byteSize());
        assertThat(ethernet.destination()).isEqualTo(PORT.mac());
        assertThat(ethernet.source()).isEqualTo(PORT.routerMac());
        assertThat(ethernet.etherType()).isEqualTo(EtherType.IPV4);
        Ipv4Packet ip = new Ipv4Packet().wrap(frame, EthernetFrame.HEADER_LENGTH,
            (int) frame.byteSize() - EthernetFrame.HEADER_LENGTH);
        assertThat(ip.checkLength()).isEqualTo(io.isthmus.wire.WireStatus.OK);
        assertThat(ip.verifyHeaderChecksum()).isTrue();
        assertThat(ip.source()).isEqualTo(router);
        assertThat(ip.destination()).isEqualTo(NODE);
        assertThat(ip.protocol()).isEqualTo(IpProtocol.UDP);
        assertThat(ip.ttl()).isEqualTo(ttl);
        UdpDatagram udp = new UdpDatagram().wrap(frame, ip.offset() + Ipv4Packet.HEADER_LENGTH,
            ip.length() - Ipv4Packet.HEADER_LENGTH);
        assertThat(udp.checkLength()).isEqualTo(io.isthmus.wire.WireStatus.OK);
        assertThat(udp.sourcePort()).isEqualTo(161);
        assertThat(udp.destinationPort()).isEqualTo(40000);
        assertThat(udp.verifyChecksum(Checksum.ipv4PseudoHeader(router, NODE, IpProtocol.UDP, udp.length())))
            .isTrue();
        return SnmpCodec.decode(frame, udp.offset() + UdpDatagram.HEADER_LENGTH, udp.payloadLength());
    }

    private List<VarBind> walk(NetworkView network, Oid from) throws SnmpDecodeException {
        List<VarBind> out = new ArrayList<>();
        Oid at = from;
        while (true) {
            sent.clear();
            sentTo.clear();
            handle(network, request(GATEWAY, get(COMMUNITY, new Pdu.GetNextRequest(1, List.of(VarBind.request(at))))));
            VarBind next = answer().pdu().varBinds().getFirst();
            if (!next.name().startsWith(from) || next.value() instanceof SnmpValue.EndOfMibView) {
                return out;
            }
            out.add(next);
            at = next.name();
        }
    }

    @Test
    void answersAGetFromTheGatewayToTheRequestersPort() throws Exception {
        now[0] += TimeUnit.SECONDS.toNanos(12);
        handle(network("s3cret", WEB, DB), request(GATEWAY, get(COMMUNITY, new Pdu.GetRequest(77, List.of(
            VarBind.request(SystemMib.SYS_NAME.append(0)), VarBind.request(SystemMib.SYS_UP_TIME.append(0)),
            VarBind.request(SystemMib.SYS_LOCATION.append(0)))))));
        SnmpMessage answer = answer();
        assertThat(answer.community()).isEqualTo(COMMUNITY);
        assertThat(answer.pdu()).isEqualTo(new Pdu.Response(77, ErrorStatus.NO_ERROR, 0, List.of(
            new VarBind(SystemMib.SYS_NAME.append(0), SnmpValue.OctetString.of("gw-10.0.0.1")),
            new VarBind(SystemMib.SYS_UP_TIME.append(0), new SnmpValue.TimeTicks(1200)),
            new VarBind(SystemMib.SYS_LOCATION.append(0),
                SnmpValue.OctetString.of("emulated by the agent of host-1")))));
        assertThat(service.get(SnmpService.Counter.ANSWERED)).isEqualTo(1);
    }

    @Test
    void aRouterHasAnInterfaceInItsSubnetAndAnUplinkToTheOtherRouters() throws Exception {
        NetworkView network = network("s3cret", DB, WEB);
        assertThat(walk(network, SystemMib.IF_ENTRY.append(2))).extracting(VarBind::value).containsExactly(
            SnmpValue.OctetString.of("subnet subnet-web 10.0.0.0/24"),
            SnmpValue.OctetString.of("uplink to the routers of the other subnets of network net-1"));
        assertThat(walk(network, SystemMib.IF_ENTRY.append(3))).extracting(VarBind::value).containsExactly(
            new SnmpValue.Integer32(6), new SnmpValue.Integer32(53));
        assertThat(walk(network, SystemMib.IF_ENTRY.append(6))).extracting(VarBind::value).containsExactly(
            new SnmpValue.OctetString(mac(WEB.routerMac())), new SnmpValue.OctetString(new byte[0]));
        assertThat(walk(network, SystemMib.IF_ENTRY.append(4))).extracting(VarBind::value)
            .containsExactly(new SnmpValue.Integer32(1480), new SnmpValue.Integer32(1480));
        assertThat(walk(network, SystemMib.IF_X_ENTRY.append(1))).extracting(VarBind::value)
            .containsExactly(SnmpValue.OctetString.of("subnet-web"), SnmpValue.OctetString.of("uplink"));
        assertThat(walk(network, SystemMib.IF_NUMBER)).extracting(VarBind::value)
            .containsExactly(new SnmpValue.Integer32(2));
        assertThat(walk(network, SystemMib.SYS_DESCR)).extracting(VarBind::value).containsExactly(
            SnmpValue.OctetString.of("Isthmus virtual router of subnet subnet-web 10.0.0.0/24 in network net-1"));
    }

    @Test
    void eachSubnetsRouterAnswersForItself() throws Exception {
        int address = Ipv4Address.parse("10.0.1.9");
        LocalPort inDb = new LocalPort(4, "node-2", "if-2", OVERLAY, address, VirtualMacs.forInterface(address),
            DB.address(), 24, GATEWAY2, DB.routerMac(), true);
        MemorySegment frame = request(GATEWAY2, get(COMMUNITY, new Pdu.GetRequest(3, List.of(
            VarBind.request(SystemMib.SYS_NAME.append(0)), VarBind.request(SystemMib.IF_ENTRY.append(2, 1))))));
        Ipv4Packet ip = new Ipv4Packet().wrap(frame, EthernetFrame.HEADER_LENGTH,
            (int) frame.byteSize() - EthernetFrame.HEADER_LENGTH);
        ip.setSource(address);
        ip.fillHeaderChecksum();
        // No UDP checksum: the one computed for the other source would no longer hold.
        new UdpDatagram().wrap(frame, EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH,
            ip.length() - Ipv4Packet.HEADER_LENGTH).setChecksum(0);
        service.handle(inDb, network("s3cret", WEB, DB), frame, (int) frame.byteSize(), out);
        assertThat(sentTo).containsExactly(4);
        MemorySegment reply = MemorySegment.ofArray(sent.getFirst());
        int at = EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH + UdpDatagram.HEADER_LENGTH;
        assertThat(SnmpCodec.decode(reply, at, (int) reply.byteSize() - at).pdu().varBinds())
            .extracting(VarBind::value).containsExactly(SnmpValue.OctetString.of("gw-10.0.1.1"),
                SnmpValue.OctetString.of("subnet subnet-db 10.0.1.0/24"));
    }

    @Test
    void anotherSubnetsRouterAnswersAcrossTheNodesOwn() throws Exception {
        NetworkView network = network("s3cret", WEB, DB);
        MemorySegment frame = request(GATEWAY2, get(COMMUNITY, new Pdu.GetRequest(9, List.of(
            VarBind.request(SystemMib.SYS_NAME.append(0)), VarBind.request(SystemMib.IF_ENTRY.append(2, 1))))));
        handle(network, frame);
        // From the other router's address, one TTL less for the node's router it crosses, by that router's MAC.
        assertThat(answer(GATEWAY2, 63).pdu().varBinds()).extracting(VarBind::value).containsExactly(
            SnmpValue.OctetString.of("gw-10.0.1.1"), SnmpValue.OctetString.of("subnet subnet-db 10.0.1.0/24"));
        // The request crossed web's router's uplink into db's, the answer came back that way and out into web.
        int answer = sent.getFirst().length;
        assertThat(network.routerCounters(GATEWAY).uplink().get(RouterInterfaceCounters.Counter.OUT_OCTETS))
            .isEqualTo(frame.byteSize());
        assertThat(network.routerCounters(GATEWAY2).uplink().get(RouterInterfaceCounters.Counter.IN_OCTETS))
            .isEqualTo(frame.byteSize());
        assertThat(network.routerCounters(GATEWAY2).uplink().get(RouterInterfaceCounters.Counter.OUT_OCTETS))
            .isEqualTo(answer);
        assertThat(network.routerCounters(GATEWAY).uplink().get(RouterInterfaceCounters.Counter.IN_OCTETS))
            .isEqualTo(answer);
        assertThat(network.routerCounters(GATEWAY).subnet().get(RouterInterfaceCounters.Counter.OUT_OCTETS))
            .isEqualTo(answer);
        assertThat(network.routerCounters(GATEWAY2).subnet().get(RouterInterfaceCounters.Counter.OUT_OCTETS))
            .isZero();
    }

    @Test
    void anAddressThatIsNoRoutersIsNotAnswered() {
        handle(network("s3cret", WEB, DB), request(Ipv4Address.parse("10.0.1.77"), get(COMMUNITY,
            new Pdu.GetRequest(1, List.of()))));
        assertThat(sent).isEmpty();
        assertThat(service.get(SnmpService.Counter.NOT_A_ROUTER)).isEqualTo(1);
    }

    @Test
    void interfaceCountersAreTheRoutersTrafficOnThisHost() throws Exception {
        NetworkView network = network("s3cret", WEB, DB);
        network.routerCounters(GATEWAY).uplink().sent(1000);
        network.routerCounters(GATEWAY).subnet().received(300);
        network.routerCounters(GATEWAY2).subnet().received(7);
        handle(network, request(GATEWAY, get(COMMUNITY, new Pdu.GetRequest(1, List.of()))));
        List<VarBind> outOctets = walk(network, SystemMib.IF_ENTRY.append(16));
        // The router's own answers count on its interface in its subnet.
        assertThat(outOctets).extracting(VarBind::value).containsExactly(outOctets.getFirst().value(),
            new SnmpValue.Counter32(1000));
        assertThat(((SnmpValue.Counter32) outOctets.getFirst().value()).value()).isPositive();
        assertThat(walk(network, SystemMib.IF_X_ENTRY.append(6))).extracting(VarBind::value).containsExactly(
            new SnmpValue.Counter64(300), new SnmpValue.Counter64(0));
    }

    @Test
    void anotherCommunityGetsNothingAndIsCountedInTheSnmpGroup() throws Exception {
        NetworkView network = network("s3cret", WEB);
        handle(network, request(GATEWAY, get("guess".getBytes(StandardCharsets.US_ASCII),
            new Pdu.GetRequest(1, List.of(VarBind.request(SystemMib.SYS_NAME.append(0)))))));
        assertThat(sent).isEmpty();
        assertThat(service.get(SnmpService.Counter.BAD_COMMUNITY)).isEqualTo(1);
        handle(network, request(GATEWAY, get(COMMUNITY, new Pdu.GetRequest(2, List.of(
            VarBind.request(SystemMib.SNMP.append(4, 0)), VarBind.request(SystemMib.SNMP.append(1, 0)))))));
        assertThat(answer().pdu().varBinds()).extracting(VarBind::value).containsExactly(
            new SnmpValue.Counter32(1), new SnmpValue.Counter32(2));
    }

    @Test
    void aNetworkWithoutCommunityHasSnmpOff() {
        handle(network(null, WEB), request(GATEWAY, get(COMMUNITY, new Pdu.GetRequest(1, List.of()))));
        handle(null, request(GATEWAY, get(COMMUNITY, new Pdu.GetRequest(1, List.of()))));
        assertThat(sent).isEmpty();
        assertThat(service.get(SnmpService.Counter.SNMP_OFF)).isEqualTo(1);
        assertThat(service.get(SnmpService.Counter.NO_NETWORK)).isEqualTo(1);
    }

    @Test
    void badDatagramsAreCountedNotAnswered() {
        NetworkView network = network("s3cret", WEB);
        byte[] message = get(COMMUNITY, new Pdu.GetRequest(1, List.of()));
        MemorySegment badUdp = request(GATEWAY, message);
        badUdp.set(ValueLayout.JAVA_BYTE, badUdp.byteSize() - 1, (byte) 0x55);
        handle(network, badUdp);
        MemorySegment badIp = request(GATEWAY, message);
        badIp.set(ValueLayout.JAVA_BYTE, EthernetFrame.HEADER_LENGTH + 8, (byte) 3);
        handle(network, badIp);
        MemorySegment truncated = request(GATEWAY, message);
        handle(network, truncated.asSlice(0, truncated.byteSize() - 3));
        handle(network, request(GATEWAY, new byte[] {0x30, (byte) 0x80}));
        assertThat(sent).isEmpty();
        assertThat(service.counters()).containsEntry("BAD_UDP_CHECKSUM", 1L).containsEntry("BAD_IP_CHECKSUM", 1L)
            .containsEntry("MALFORMED_DATAGRAM", 1L).containsEntry("MALFORMED_MESSAGE", 1L)
            .containsEntry("ANSWERED", 0L);
    }

    @Test
    void aZeroUdpChecksumIsAccepted() throws Exception {
        MemorySegment frame = request(GATEWAY, get(COMMUNITY, new Pdu.GetRequest(5, List.of())));
        frame.set(ValueLayout.JAVA_SHORT_UNALIGNED, EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH
            + UdpDatagram.CHECKSUM, (short) 0);
        handle(network("s3cret", WEB), frame);
        assertThat(answer().pdu().requestId()).isEqualTo(5);
    }

    @Test
    void aBulkAnswerFitsTheNetworkMtu() throws Exception {
        NetworkView network = new NetworkView(OVERLAY, "net-1", new NetworkSettings(576, List.of(), 86_400, "s3cret",
            false), List.of(WEB, DB), List.of());
        handle(network, request(GATEWAY, get(COMMUNITY, new Pdu.GetBulkRequest(1, 0, 1000,
            List.of(VarBind.request(Oid.parse("1.3")))))));
        assertThat(sent.getFirst().length - EthernetFrame.HEADER_LENGTH).isLessThanOrEqualTo(576);
        assertThat(answer().pdu().varBinds().size()).isBetween(5, 40);
    }

    private static byte[] mac(long mac) {
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) (mac >>> (40 - 8 * i));
        }
        return out;
    }
}
