package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.A0;
import static io.isthmus.agent.dataplane.Fixture.A1;
import static io.isthmus.agent.dataplane.Fixture.A2;
import static io.isthmus.agent.dataplane.Fixture.A3;
import static io.isthmus.agent.dataplane.Fixture.B5;
import static io.isthmus.agent.dataplane.Fixture.B6;
import static io.isthmus.agent.dataplane.Fixture.OVERLAY;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_A;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_B;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_C;
import static io.isthmus.agent.dataplane.Fixture.SUBNET1;
import static io.isthmus.agent.dataplane.Fixture.SUBNET2;
import static io.isthmus.agent.dataplane.Fixture.ip;
import static io.isthmus.agent.dataplane.Frames.ETH;
import static io.isthmus.agent.dataplane.MulticastSetup.GROUP;
import static io.isthmus.agent.dataplane.MulticastSetup.remoteHost;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.Checksum;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.MacAddress;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import io.isthmus.xlat.Ipv6Slot;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Broadcast and multicast through both pipelines: which ports and hosts get a copy, what each copy looks like (MACs,
 * TTL, IPv6 destination, checksums), and the receiving agent's checks and delivery.
 */
class MulticastPipelineTest {
    private static final byte[] PAYLOAD = "hello, group".getBytes();
    private static final int BROADCAST1 = ip("10.0.1.255");

    private final Fixture fixture = new Fixture();
    private final RecordingSinks sinks = new RecordingSinks();

    private DataplaneCounter send(LocalPort port, MemorySegment frame) {
        return fixture.a.outbound.process(port.index(), frame, 0, (int) frame.byteSize(), sinks);
    }

    private DataplaneCounter receive(Fixture.Host host, RecordingSinks out, byte[] packet) {
        MemorySegment s = Frames.of(packet);
        return host.inbound.process(s, 0, packet.length, out);
    }

    private static MemorySegment udp(LocalPort from, long destinationMac, int destination, int ttl) {
        return Frames.udp(from.mac(), destinationMac, from.address(), destination, ttl, PAYLOAD);
    }

    private List<Integer> portsReached() {
        return sinks.emitted.stream().filter(e -> e.port() != RecordingSinks.SUBSTRATE).map(e -> e.port()).toList();
    }

    private List<RecordingSinks.Emitted> substrate() {
        return sinks.emitted.stream().filter(e -> e.port() == RecordingSinks.SUBSTRATE).toList();
    }

    private RecordingSinks.Emitted toPort(RecordingSinks out, LocalPort port) {
        return out.emitted.stream().filter(e -> e.port() == port.index()).findFirst().orElseThrow();
    }

    private static Ipv6Slot substrate(io.isthmus.wire.Ipv6Prefix prefix, int ipv4) {
        return Fixture.substrate(prefix, ipv4);
    }

    /** Checks a substrate copy: its destination, and that its UDP checksum verifies over the IPv6 pseudo-header. */
    private static void assertCopyTo(RecordingSinks.Emitted copy, io.isthmus.wire.Ipv6Prefix host, int ipv4) {
        MemorySegment s = copy.segment();
        Ipv6Packet ip6 = new Ipv6Packet().wrap(s, 0, copy.bytes().length);
        assertThat(ip6.checkLength()).isEqualTo(WireStatus.OK);
        Ipv6Slot expected = substrate(host, ipv4);
        assertThat(ip6.destinationHigh()).isEqualTo(expected.high);
        assertThat(ip6.destinationLow()).isEqualTo(expected.low);
        Ipv6Slot source = substrate(PREFIX_A, A0.address());
        assertThat(ip6.sourceHigh()).isEqualTo(source.high);
        assertThat(ip6.sourceLow()).isEqualTo(source.low);
        assertThat(ip6.nextHeader()).isEqualTo(IpProtocol.UDP);
        int udpLength = ip6.payloadLength();
        UdpDatagram udp = new UdpDatagram().wrap(s, Ipv6Packet.HEADER_LENGTH, udpLength);
        assertThat(udp.checksum()).isNotZero();
        assertThat(udp.verifyChecksum(ip6.pseudoHeaderSum(IpProtocol.UDP, udpLength))).as("UDP checksum").isTrue();
    }

    private static Ipv4Packet ipv4Of(RecordingSinks.Emitted frame) {
        return new Ipv4Packet().wrap(frame.segment(), ETH, frame.bytes().length - ETH);
    }

    private static EthernetFrame ethernetOf(RecordingSinks.Emitted frame) {
        return new EthernetFrame().wrap(frame.segment(), 0, frame.bytes().length);
    }

    // --- the sending agent ---

    @Test
    void aSubnetBroadcastReachesTheSubnetsOtherPortsAndOneCopyPerHostOfTheSubnet() {
        MulticastSetup.install(fixture, false);

        assertThat(send(A0, udp(A0, MacAddress.BROADCAST, BROADCAST1, 64)))
            .isEqualTo(DataplaneCounter.BROADCAST_REPLICATED);

        assertThat(portsReached()).as("A1 and the appliance A3 share subnet 1; A2 is in subnet 2")
            .containsExactlyInAnyOrder(A1.index(), A3.index());
        RecordingSinks.Emitted local = sinks.emitted.stream().filter(e -> e.port() == A1.index()).findFirst()
            .orElseThrow();
        assertThat(ethernetOf(local).destination()).isEqualTo(MacAddress.BROADCAST);
        assertThat(ethernetOf(local).source()).isEqualTo(A0.mac());
        assertThat(ipv4Of(local).ttl()).isEqualTo(64);
        List<RecordingSinks.Emitted> copies = substrate();
        assertThat(copies).as("B (B5) and C (10.0.1.70) have interfaces in subnet 1").hasSize(2);
        assertCopyTo(copies.get(0), PREFIX_B, BROADCAST1);
        assertCopyTo(copies.get(1), PREFIX_C, BROADCAST1);
        assertThat(fixture.a.counters.get(DataplaneCounter.REPLICA_TO_PORT)).isEqualTo(2);
        assertThat(fixture.a.counters.get(DataplaneCounter.REPLICA_TO_SUBSTRATE)).isEqualTo(2);
    }

    @Test
    void theLimitedBroadcastTravelsAsTheDirectedOne() {
        MulticastSetup.install(fixture, false);

        assertThat(send(A2, udp(A2, MacAddress.BROADCAST, -1, 64))).isEqualTo(DataplaneCounter.BROADCAST_REPLICATED);

        assertThat(portsReached()).as("nobody else in subnet 2 on host A").isEmpty();
        assertThat(substrate()).hasSize(2);
        Ipv6Packet toB = new Ipv6Packet().wrap(substrate().get(0).segment(), 0, substrate().get(0).bytes().length);
        Ipv6Slot expected = substrate(PREFIX_B, ip("10.0.2.255"));
        assertThat(toB.destinationLow()).isEqualTo(expected.low);
    }

    @Test
    void aLinkLocalGroupIsFloodedInTheSubnet() {
        MulticastSetup.install(fixture, false);
        int mdns = ip("224.0.0.251");

        assertThat(send(A0, udp(A0, MacAddress.ofIpv4Multicast(mdns), mdns, 255)))
            .isEqualTo(DataplaneCounter.BROADCAST_REPLICATED);

        assertThat(portsReached()).containsExactlyInAnyOrder(A1.index(), A3.index());
        assertThat(ethernetOf(sinks.emitted.getFirst()).destination()).isEqualTo(MacAddress.ofIpv4Multicast(mdns));
        assertThat(substrate()).hasSize(2);
        assertCopyTo(substrate().get(0), PREFIX_B, mdns);
    }

    @Test
    void aGroupReachesItsMembersInTheSubnetAndTheHostsWithMembersThere() {
        MulticastSetup.install(fixture, false);
        MulticastSetup.join(fixture.a, A1, A2);
        MulticastSetup.remote(fixture.a, remoteHost(PREFIX_B, SUBNET1), remoteHost(PREFIX_C, SUBNET2));

        assertThat(send(A0, udp(A0, MacAddress.ofIpv4Multicast(GROUP), GROUP, 5)))
            .isEqualTo(DataplaneCounter.MULTICAST_REPLICATED);

        assertThat(portsReached()).as("A2 is in subnet 2 and multicast stays in the subnet")
            .containsExactly(A1.index());
        RecordingSinks.Emitted local = sinks.emitted.getFirst();
        assertThat(MacAddress.format(ethernetOf(local).destination())).isEqualTo("01:00:5e:01:01:01");
        assertThat(ethernetOf(local).source()).isEqualTo(A0.mac());
        assertThat(ipv4Of(local).ttl()).isEqualTo(5);
        assertThat(substrate()).as("only B has members in subnet 1").hasSize(1);
        assertCopyTo(substrate().getFirst(), PREFIX_B, GROUP);
        Ipv6Packet copy = new Ipv6Packet().wrap(substrate().getFirst().segment(), 0,
            substrate().getFirst().bytes().length);
        assertThat(SubstrateTtl.ttl(copy)).isEqualTo(5);
    }

    @Test
    void acrossSubnetsBothRoutersDecrementTheTtlAndNothingCrossesThatWouldRunOut() {
        MulticastSetup.install(fixture, true);
        MulticastSetup.join(fixture.a, A1, A2);
        MulticastSetup.remote(fixture.a, remoteHost(PREFIX_B, SUBNET1), remoteHost(PREFIX_C, SUBNET2));

        assertThat(send(A0, udp(A0, MacAddress.ofIpv4Multicast(GROUP), GROUP, 5)))
            .isEqualTo(DataplaneCounter.MULTICAST_REPLICATED);

        assertThat(portsReached()).containsExactly(A1.index(), A2.index());
        assertThat(ipv4Of(sinks.emitted.getFirst()).ttl()).isEqualTo(5);
        RecordingSinks.Emitted routed = sinks.emitted.stream().filter(e -> e.port() == A2.index()).findFirst()
            .orElseThrow();
        assertThat(ipv4Of(routed).ttl()).as("the sender's subnet's router and A2's").isEqualTo(3);
        assertThat(ipv4Of(routed).verifyHeaderChecksum()).isTrue();
        assertThat(ethernetOf(routed).source()).isEqualTo(A2.routerMac());
        assertThat(substrate()).hasSize(2);
        assertCopyTo(substrate().get(0), PREFIX_B, GROUP);
        assertCopyTo(substrate().get(1), PREFIX_C, GROUP);
        assertThat(SubstrateTtl.ttl(new Ipv6Packet().wrap(substrate().get(1).segment(), 0,
            substrate().get(1).bytes().length))).as("the receiver decrements for its other subnets").isEqualTo(5);

        for (int ttl = 1; ttl <= 2; ttl++) {
            sinks.clear();
            send(A0, udp(A0, MacAddress.ofIpv4Multicast(GROUP), GROUP, ttl));
            assertThat(portsReached()).as("TTL %d", ttl).containsExactly(A1.index());
            assertThat(substrate()).as("TTL %d: only B, for its subnet 1 member", ttl).hasSize(1);
        }
        sinks.clear();
        send(A0, udp(A0, MacAddress.ofIpv4Multicast(GROUP), GROUP, 3));
        assertThat(portsReached()).containsExactly(A1.index(), A2.index());
        assertThat(ipv4Of(sinks.emitted.stream().filter(e -> e.port() == A2.index()).findFirst().orElseThrow()).ttl())
            .isEqualTo(1);
    }

    @Test
    void aGroupWithoutMembersAndReservedDestinationsSendNothing() {
        MulticastSetup.install(fixture, false);

        assertThat(send(A0, udp(A0, MacAddress.ofIpv4Multicast(GROUP), GROUP, 5)))
            .isEqualTo(DataplaneCounter.MULTICAST_NO_MEMBERS);
        MulticastSetup.join(fixture.a, A0);
        assertThat(send(A0, udp(A0, MacAddress.ofIpv4Multicast(GROUP), GROUP, 5)))
            .as("the sender's own membership is no receiver").isEqualTo(DataplaneCounter.MULTICAST_NO_MEMBERS);
        assertThat(send(A0, udp(A0, MacAddress.BROADCAST, ip("250.1.2.3"), 5)))
            .isEqualTo(DataplaneCounter.RESERVED_DESTINATION);
        assertThat(sinks.emitted).isEmpty();
    }

    @Test
    void theSourceChecksApplyToBroadcastsToo() {
        MulticastSetup.install(fixture, false);
        MemorySegment forged = Frames.udp(A0.mac(), MacAddress.BROADCAST, A1.address(), BROADCAST1, 64, PAYLOAD);

        assertThat(send(A0, forged)).isEqualTo(DataplaneCounter.SPOOFED_SOURCE_IP);
        assertThat(sinks.emitted).isEmpty();
    }

    // --- the receiving agent ---

    private byte[] copyFromA(LocalPort from, int destination, int ttl, io.isthmus.wire.Ipv6Prefix to) {
        sinks.clear();
        send(from, udp(from, MacAddress.ofIpv4Multicast(destination), destination, ttl));
        Ipv6Slot expected = substrate(to, destination >>> 28 == 0xe ? destination : destination);
        return substrate().stream().filter(e -> new Ipv6Packet().wrap(e.segment(), 0, e.bytes().length)
            .destinationLow() == expected.low).findFirst().orElseThrow().bytes();
    }

    @Test
    void aBroadcastCopyIsDeliveredToTheSubnetsPortsOnly() {
        MulticastSetup.install(fixture, false);
        byte[] copy = copyFromA(A0, BROADCAST1, 64, PREFIX_B);
        RecordingSinks out = new RecordingSinks();

        assertThat(receive(fixture.b, out, copy)).isEqualTo(DataplaneCounter.MULTICAST_DELIVERED_FROM_SUBSTRATE);

        RecordingSinks.Emitted delivered = out.only();
        assertThat(delivered.port()).isEqualTo(B5.index());
        assertThat(ethernetOf(delivered).destination()).isEqualTo(MacAddress.BROADCAST);
        assertThat(ethernetOf(delivered).source()).isEqualTo(A0.mac());
        Ipv4Packet ip = ipv4Of(delivered);
        assertThat(ip.destination()).isEqualTo(BROADCAST1);
        assertThat(ip.source()).isEqualTo(A0.address());
        assertThat(ip.ttl()).isEqualTo(64);
        UdpDatagram udp = new UdpDatagram().wrap(ip.segment(), ip.offset() + 20, ip.length() - 20);
        assertThat(udp.verifyChecksum(ip.pseudoHeaderSum(udp.length()))).isTrue();
    }

    @Test
    void aGroupCopyReachesTheMembersOfTheSourcesSubnetAndAcrossWhenAllowed() {
        MulticastSetup.install(fixture, false);
        MulticastSetup.remote(fixture.a, remoteHost(PREFIX_B, SUBNET1, SUBNET2));
        MulticastSetup.join(fixture.b, B5, B6);
        byte[] copy = copyFromA(A0, GROUP, 5, PREFIX_B);
        RecordingSinks out = new RecordingSinks();

        assertThat(receive(fixture.b, out, copy)).isEqualTo(DataplaneCounter.MULTICAST_DELIVERED_FROM_SUBSTRATE);
        assertThat(out.only().port()).isEqualTo(B5.index());
        assertThat(ipv4Of(out.only()).ttl()).isEqualTo(5);
        assertThat(MacAddress.format(ethernetOf(out.only()).destination())).isEqualTo("01:00:5e:01:01:01");

        MulticastSetup.install(fixture, true);
        out.clear();
        assertThat(receive(fixture.b, out, copy)).isEqualTo(DataplaneCounter.MULTICAST_DELIVERED_FROM_SUBSTRATE);
        assertThat(out.emitted).extracting(RecordingSinks.Emitted::port).containsExactly(B5.index(), B6.index());
        RecordingSinks.Emitted routed = toPort(out, B6);
        assertThat(ipv4Of(routed).ttl()).isEqualTo(3);
        assertThat(ipv4Of(routed).verifyHeaderChecksum()).isTrue();
        assertThat(ethernetOf(routed).source()).isEqualTo(B6.routerMac());
        assertThat(fixture.b.counters.get(DataplaneCounter.REPLICA_TO_PORT)).isEqualTo(3);
    }

    @Test
    void aCopyNoPortListensToAnyMoreIsCounted() {
        MulticastSetup.install(fixture, false);
        MulticastSetup.remote(fixture.a, remoteHost(PREFIX_B, SUBNET1));
        byte[] copy = copyFromA(A0, GROUP, 5, PREFIX_B);
        RecordingSinks out = new RecordingSinks();

        // B5 left before A heard of it.
        assertThat(receive(fixture.b, out, copy)).isEqualTo(DataplaneCounter.MULTICAST_NO_LOCAL_MEMBERS);
        MulticastSetup.join(fixture.b, B6);
        assertThat(receive(fixture.b, out, copy)).as("B6 listens, in another subnet, not crossing")
            .isEqualTo(DataplaneCounter.MULTICAST_NO_LOCAL_MEMBERS);
        assertThat(out.emitted).isEmpty();
    }

    @Test
    void aCopyFromASourceThatIsNotWhereTheControllerSaysIsDropped() {
        MulticastSetup.install(fixture, false);
        MulticastSetup.join(fixture.b, B5);
        MulticastSetup.remote(fixture.a, remoteHost(PREFIX_B, SUBNET1));
        byte[] copy = copyFromA(A0, GROUP, 5, PREFIX_B);
        RecordingSinks out = new RecordingSinks();
        Ipv6Packet ip6 = new Ipv6Packet().wrap(MemorySegment.ofArray(copy), 0, copy.length);
        long high = ip6.sourceHigh();
        long low = ip6.sourceLow();

        // A0's address under host C's prefix: A0 lives on A.
        Ipv6Slot forged = substrate(PREFIX_C, A0.address());
        ip6.setSource(forged.high, forged.low);
        assertThat(receive(fixture.b, out, copy)).isEqualTo(DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH);
        // An address no interface of the network holds.
        Ipv6Slot unknown = substrate(PREFIX_A, ip("10.0.1.200"));
        ip6.setSource(unknown.high, unknown.low);
        assertThat(receive(fixture.b, out, copy)).isEqualTo(DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH);
        // B's own node, coming from the substrate.
        Ipv6Slot own = substrate(PREFIX_B, B6.address());
        ip6.setSource(own.high, own.low);
        assertThat(receive(fixture.b, out, copy)).isEqualTo(DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH);
        // Another network's node.
        Ipv6Slot other = new Ipv6Slot();
        Fixture.ADDRESSING.compose(PREFIX_A.high(), PREFIX_A.low(), OVERLAY + 1, A0.address(), other);
        ip6.setSource(other.high, other.low);
        assertThat(receive(fixture.b, out, copy)).isEqualTo(DataplaneCounter.SOURCE_IN_OTHER_NETWORK);
        assertThat(out.emitted).isEmpty();

        ip6.setSource(high, low);
        assertThat(receive(fixture.b, out, copy)).as("the genuine copy passes, no resolution needed")
            .isEqualTo(DataplaneCounter.MULTICAST_DELIVERED_FROM_SUBSTRATE);
    }

    @Test
    void everyCopysChecksumIsRightForManyHosts() {
        // The checksum patched from host to host stays right whatever the prefixes' bits.
        MulticastSetup.install(fixture, false);
        List<io.isthmus.wire.Ipv6Prefix> prefixes = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(11);
        MulticastGroups.RemoteHost[] hosts = new MulticastGroups.RemoteHost[40];
        for (int i = 0; i < hosts.length; i++) {
            long high = random.nextLong();
            long low = random.nextLong() & 0xff00_0000_0000_0000L;
            io.isthmus.wire.Ipv6Prefix prefix = new io.isthmus.wire.Ipv6Prefix(
                new io.isthmus.wire.Ipv6Address(high, low), 72);
            prefixes.add(prefix);
            hosts[i] = remoteHost(prefix, SUBNET1);
        }
        MulticastSetup.remote(fixture.a, hosts);

        send(A0, udp(A0, MacAddress.ofIpv4Multicast(GROUP), GROUP, 5));

        assertThat(substrate()).hasSize(hosts.length);
        for (int i = 0; i < hosts.length; i++) {
            assertCopyTo(substrate().get(i), prefixes.get(i), GROUP);
        }
        assertThat(Checksum.ofLong(0)).isZero();
    }
}
