package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.A0;
import static io.isthmus.agent.dataplane.Fixture.A1;
import static io.isthmus.agent.dataplane.Fixture.A2;
import static io.isthmus.agent.dataplane.Fixture.A3;
import static io.isthmus.agent.dataplane.Fixture.APPLIANCE_C;
import static io.isthmus.agent.dataplane.Fixture.B5;
import static io.isthmus.agent.dataplane.Fixture.B6;
import static io.isthmus.agent.dataplane.Fixture.B7;
import static io.isthmus.agent.dataplane.Fixture.GATEWAY1;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_A;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_B;
import static io.isthmus.agent.dataplane.Fixture.PREFIX_C;
import static io.isthmus.agent.dataplane.Fixture.hop;
import static io.isthmus.agent.dataplane.Fixture.hopOnC;
import static io.isthmus.agent.dataplane.Fixture.ip;
import static io.isthmus.agent.dataplane.Fixture.table;
import static io.isthmus.agent.dataplane.OutboundPipelineTest.ipv4Of;
import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.dataplane.RouteTableView.Action;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Packet;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.Ipv6Slot;
import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Steering through appliances (issue 6): the route table of the sender's subnet forwards a destination to appliance
 * interfaces. Subnet 1's table here sends 10.0.2.0/24 (subnet 2) through appliances: A3 on host A, B7 on host B,
 * {@link Fixture#APPLIANCE_C} on host C.
 */
class ApplianceSteeringTest {
    private static final int MTU = 1400;
    private static final byte[] PAYLOAD = "through the firewall".getBytes();

    private final Fixture fixture = new Fixture();
    private final RecordingSinks sinks = new RecordingSinks();

    private void steerSubnet1(Action action, RouteTableView.NextHop... hops) {
        Map<String, RouteTableView> tables = Map.of("sub-1", table("10.0.2.0", 24, action, hops));
        fixture.a.publishNetwork(MTU, tables);
        fixture.b.publishNetwork(MTU, tables);
    }

    private DataplaneCounter sendFromA(LocalPort from, int destination, int ttl) {
        return sendFromA(from, Frames.udp(from.mac(), from.routerMac(), from.address(), destination, ttl, PAYLOAD));
    }

    private DataplaneCounter sendFromA(LocalPort from, MemorySegment frame) {
        return fixture.a.outbound.process(from.index(), frame, 0, (int) frame.byteSize(), sinks);
    }

    private DataplaneCounter receiveOnB(MemorySegment packet) {
        return fixture.b.inbound.process(packet, 0, (int) packet.byteSize(), sinks);
    }

    @Test
    void aForwardToALocalApplianceGoesToItsPortWithTheDestinationUnchanged() {
        steerSubnet1(Action.FORWARD, hop(A3, PREFIX_A));
        assertThat(sendFromA(A0, A2.address(), 64)).isEqualTo(DataplaneCounter.FORWARDED_TO_LOCAL_APPLIANCE);
        RecordingSinks.Emitted out = sinks.only();
        assertThat(out.port()).isEqualTo(A3.index());
        EthernetFrame eth = new EthernetFrame().wrap(out.segment(), 0, out.bytes().length);
        assertThat(eth.destination()).isEqualTo(A3.mac());
        assertThat(eth.source()).as("the sender's router hands it over").isEqualTo(A0.routerMac());
        Ipv4Packet ip = ipv4Of(out.segment());
        assertThat(ip.destination()).isEqualTo(A2.address());
        assertThat(ip.source()).isEqualTo(A0.address());
        assertThat(ip.ttl()).as("one router crossed").isEqualTo(63);
        assertThat(ip.verifyHeaderChecksum()).isTrue();
        // Within the subnet nothing is steered: no router is crossed.
        sinks.clear();
        assertThat(sendFromA(A0, Frames.udp(A0.mac(), A1.mac(), A0.address(), A1.address(), 64, PAYLOAD)))
            .isEqualTo(DataplaneCounter.DELIVERED_LOCAL);
        assertThat(sinks.only().port()).isEqualTo(A1.index());
    }

    @Test
    void aForwardToARemoteApplianceIsTranslatedToItsHostWithTheFinalDestination() {
        steerSubnet1(Action.FORWARD, hopOnC());
        assertThat(sendFromA(A0, B6.address(), 64)).isEqualTo(DataplaneCounter.FORWARDED_TO_REMOTE_APPLIANCE);
        Ipv6Packet ip6 = new Ipv6Packet().wrap(sinks.only().segment(), 0, sinks.only().bytes().length);
        assertThat(sinks.only().port()).isEqualTo(RecordingSinks.SUBSTRATE);
        Ipv6Slot destination = Fixture.substrate(PREFIX_C, B6.address());
        Ipv6Slot source = Fixture.substrate(PREFIX_A, A0.address());
        assertThat(ip6.destinationHigh()).isEqualTo(destination.high);
        assertThat(ip6.destinationLow()).isEqualTo(destination.low);
        assertThat(ip6.sourceHigh()).isEqualTo(source.high);
        assertThat(ip6.sourceLow()).isEqualTo(source.low);
        assertThat(SubstrateTtl.ttl(ip6)).isEqualTo(63);
        assertThat(fixture.a.requests.size()).as("nothing to resolve").isZero();
    }

    @Test
    void ecmpSpreadsFlowsOverTheNextHopsAndKeepsEachFlowOnOne() {
        steerSubnet1(Action.FORWARD, hop(A3, PREFIX_A), hopOnC());
        Map<DataplaneCounter, Integer> outcomes = new EnumMap<>(DataplaneCounter.class);
        for (int host = 2; host < 66; host++) {
            int destination = ip("10.0.2." + host);
            DataplaneCounter first = sendFromA(A0, destination, 64);
            outcomes.merge(first, 1, Integer::sum);
            for (int again = 0; again < 3; again++) {
                assertThat(sendFromA(A0, destination, 64)).as("the same flow, the same appliance").isEqualTo(first);
            }
        }
        assertThat(outcomes.keySet()).containsExactlyInAnyOrder(DataplaneCounter.FORWARDED_TO_LOCAL_APPLIANCE,
            DataplaneCounter.FORWARDED_TO_REMOTE_APPLIANCE);
        assertThat(outcomes.values()).allSatisfy(count -> assertThat(count).isGreaterThan(10));
    }

    @Test
    void aBlackholeDrops() {
        steerSubnet1(Action.BLACKHOLE);
        assertThat(sendFromA(A0, A2.address(), 64)).isEqualTo(DataplaneCounter.ROUTE_BLACKHOLE);
        assertThat(sendFromA(A0, B6.address(), 64)).isEqualTo(DataplaneCounter.ROUTE_BLACKHOLE);
        assertThat(sinks.emitted).isEmpty();
        // Subnet 2 has no table: as without tables.
        MemorySegment back = Frames.udp(A2.mac(), A2.routerMac(), A2.address(), A0.address(), 64, PAYLOAD);
        assertThat(fixture.a.outbound.process(A2.index(), back, 0, (int) back.byteSize(), sinks))
            .isEqualTo(DataplaneCounter.DELIVERED_LOCAL);
    }

    @Test
    void aForwardWithNoHealthyNextHopDropsRatherThanSkipTheAppliance() {
        steerSubnet1(Action.FORWARD);
        assertThat(sendFromA(A0, A2.address(), 64)).isEqualTo(DataplaneCounter.NO_HEALTHY_NEXT_HOP);
        assertThat(sinks.emitted).isEmpty();
    }

    @Test
    void theAppliancesOwnPacketsAreNotSentBackToIt() {
        steerSubnet1(Action.FORWARD, hop(A3, PREFIX_A), hopOnC());
        // A3, a next hop itself, forwards A0's packet on (its check is off): delivered, crossing both routers.
        assertThat(sendFromA(A3, Frames.udp(A3.mac(), A3.routerMac(), A0.address(), A2.address(), 63, PAYLOAD)))
            .isEqualTo(DataplaneCounter.DELIVERED_LOCAL);
        assertThat(sinks.only().port()).isEqualTo(A2.index());
        assertThat(ipv4Of(sinks.only().segment()).ttl()).isEqualTo(61);
    }

    @Test
    void theSendersRouterAnswersATtlThatRunsOut() {
        steerSubnet1(Action.FORWARD, hopOnC());
        assertThat(sendFromA(A0, B6.address(), 1)).isEqualTo(DataplaneCounter.TTL_EXPIRED);
        Ipv4Packet error = ipv4Of(sinks.only().segment());
        assertThat(sinks.only().port()).isEqualTo(A0.index());
        assertThat(error.source()).isEqualTo(GATEWAY1);
        Icmpv4Packet icmp = new Icmpv4Packet().wrap(error.segment(), error.offset() + error.headerLength(),
            error.payloadLength());
        assertThat(icmp.type()).isEqualTo(Icmpv4Packet.TIME_EXCEEDED);
    }

    @Test
    void aPacketLargerThanTheMtuIsFragmentedOnTheWayToTheAppliance() {
        steerSubnet1(Action.FORWARD, hop(A3, PREFIX_A));
        MemorySegment big = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), A2.address(), 64, new byte[2000]);
        new Ipv4Packet().wrap(big, Frames.ETH, (int) big.byteSize() - Frames.ETH).setFlagsAndFragmentOffset(false,
            false, 0);
        Ipv4Packet header = new Ipv4Packet().wrap(big, Frames.ETH, (int) big.byteSize() - Frames.ETH);
        header.fillHeaderChecksum();
        assertThat(sendFromA(A0, big)).isEqualTo(DataplaneCounter.FORWARDED_TO_LOCAL_APPLIANCE);
        assertThat(sinks.emitted).hasSize(2).allSatisfy(e -> assertThat(e.port()).isEqualTo(A3.index()));
        sinks.clear();
        header.setFlagsAndFragmentOffset(true, false, 0);
        header.fillHeaderChecksum();
        assertThat(sendFromA(A0, big)).isEqualTo(DataplaneCounter.FRAGMENTATION_NEEDED);
    }

    /** A0 on host A to B6 on host B, steered through B7 on host B: host B delivers it to B7, not B6. */
    @Test
    void theApplianceHostDeliversToTheApplianceWhatIsSteeredToIt() {
        fixture.b.ports.put(B7);
        steerSubnet1(Action.FORWARD, hop(B7, PREFIX_B));
        assertThat(sendFromA(A0, B6.address(), 64)).isEqualTo(DataplaneCounter.FORWARDED_TO_REMOTE_APPLIANCE);
        MemorySegment packet = sinks.only().segment();
        sinks.clear();
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.DELIVERED_TO_APPLIANCE);
        RecordingSinks.Emitted out = sinks.only();
        assertThat(out.port()).isEqualTo(B7.index());
        EthernetFrame eth = new EthernetFrame().wrap(out.segment(), 0, out.bytes().length);
        assertThat(eth.destination()).isEqualTo(B7.mac());
        assertThat(eth.source()).isEqualTo(B7.routerMac());
        Ipv4Packet ip = ipv4Of(out.segment());
        assertThat(ip.destination()).isEqualTo(B6.address());
        assertThat(ip.source()).isEqualTo(A0.address());
        assertThat(ip.ttl()).isEqualTo(63);
        // To an address no port holds (10.0.2.99), the same.
        sinks.clear();
        assertThat(sendFromA(A0, ip("10.0.2.99"), 64)).isEqualTo(DataplaneCounter.FORWARDED_TO_REMOTE_APPLIANCE);
        packet = sinks.only().segment();
        sinks.clear();
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.DELIVERED_TO_APPLIANCE);
        assertThat(sinks.only().port()).isEqualTo(B7.index());
    }

    /**
     * With B7 (here) and C's appliance in one ECMP group, A0's flow to B6 (here) arrives on host B either from A, to be
     * delivered to B7, or from C, which forwarded it, to be delivered to B6: the flow hash in the label, the same
     * either way, tells which appliance the flow's next hop is. Both orders of the group are tried, so both cases
     * happen.
     */
    @Test
    void theFlowHashTellsWhetherAPacketForALocalPortIsStillToGoThroughTheLocalAppliance() {
        fixture.b.ports.put(B7);
        Set<Integer> delivered = new HashSet<>();
        for (List<RouteTableView.NextHop> hops : List.of(List.of(hop(B7, PREFIX_B), hopOnC()),
            List.of(hopOnC(), hop(B7, PREFIX_B)))) {
            steerSubnet1(Action.FORWARD, hops.toArray(RouteTableView.NextHop[]::new));
            sinks.clear();
            assertThat(sendFromA(A0, B6.address(), 64)).isEqualTo(DataplaneCounter.FORWARDED_TO_REMOTE_APPLIANCE);
            MemorySegment packet = sinks.only().segment();
            Ipv6Packet ip6 = new Ipv6Packet().wrap(packet, 0, (int) packet.byteSize());
            if (Fixture.ADDRESSING.hasAgentPrefix(ip6.destinationHigh(), ip6.destinationLow(), PREFIX_B.high(),
                PREFIX_B.low())) {
                sinks.clear();
                assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.DELIVERED_TO_APPLIANCE);
            } else {
                // As host C sends what its appliance forwarded (the view here is told A0 is on C, so the source
                // passes whatever C's appliance's subnets).
                packet = forwardedBy(PREFIX_C, B6.address());
                fixture.b.allow(A0.address(), PREFIX_C);
                assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.DELIVERED_FROM_SUBSTRATE);
            }
            delivered.add(sinks.only().port());
        }
        assertThat(delivered).containsExactlyInAnyOrder(B6.index(), B7.index());
    }

    /**
     * The fragments the sender's router makes of a packet steered to B7 on host B carry the packet's flow hash, not
     * their own (which lacks the ports), so host B picks B7 for every one of them, though B6 is here and C's appliance
     * is in the group.
     */
    @Test
    void theRoutersFragmentsOfASteeredPacketAllGoToItsAppliance() {
        fixture.b.ports.put(B7);
        int steeredToB = 0;
        for (List<RouteTableView.NextHop> hops : List.of(List.of(hop(B7, PREFIX_B), hopOnC()),
            List.of(hopOnC(), hop(B7, PREFIX_B)))) {
            steerSubnet1(Action.FORWARD, hops.toArray(RouteTableView.NextHop[]::new));
            sinks.clear();
            MemorySegment big = Frames.udp(A0.mac(), A0.routerMac(), A0.address(), B6.address(), 64, new byte[2000]);
            Ipv4Packet header = new Ipv4Packet().wrap(big, Frames.ETH, (int) big.byteSize() - Frames.ETH);
            header.setFlagsAndFragmentOffset(false, false, 0);
            header.fillHeaderChecksum();
            assertThat(sendFromA(A0, big)).isEqualTo(DataplaneCounter.FORWARDED_TO_REMOTE_APPLIANCE);
            List<RecordingSinks.Emitted> fragments = List.copyOf(sinks.emitted);
            assertThat(fragments).hasSize(2);
            Ipv6Packet first = new Ipv6Packet().wrap(fragments.getFirst().segment(), 0,
                fragments.getFirst().bytes().length);
            if (!Fixture.ADDRESSING.hasAgentPrefix(first.destinationHigh(), first.destinationLow(), PREFIX_B.high(),
                PREFIX_B.low())) {
                continue;
            }
            steeredToB++;
            for (RecordingSinks.Emitted fragment : fragments) {
                sinks.clear();
                assertThat(receiveOnB(fragment.segment())).isEqualTo(DataplaneCounter.DELIVERED_TO_APPLIANCE);
                assertThat(sinks.only().port()).isEqualTo(B7.index());
            }
        }
        assertThat(steeredToB).isEqualTo(1);
    }

    @Test
    void anAddressNoPortHoldsIsRefusedUnlessALocalApplianceIsItsNextHop() {
        fixture.b.ports.put(B7);
        steerSubnet1(Action.FORWARD, hop(B7, PREFIX_B));
        sendFromA(A0, ip("10.0.2.99"), 64);
        MemorySegment packet = sinks.only().segment();
        sinks.clear();
        // Without the route on host B.
        fixture.b.publishNetwork(MTU, Map.of());
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.UNKNOWN_DESTINATION_PORT);
        // With a route whose next hop is elsewhere.
        fixture.b.publishNetwork(MTU, Map.of("sub-1", table("10.0.2.0", 24, Action.FORWARD, hopOnC())));
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.UNKNOWN_DESTINATION_PORT);
        // With a route that delivers locally.
        fixture.b.publishNetwork(MTU, Map.of("sub-1", table("10.0.2.0", 24, Action.DELIVER_LOCAL)));
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.UNKNOWN_DESTINATION_PORT);
        // With a next hop here that is no appliance (its check on).
        fixture.b.publishNetwork(MTU, Map.of("sub-1", table("10.0.2.0", 24, Action.FORWARD, hop(B5, PREFIX_B))));
        assertThat(receiveOnB(packet)).isEqualTo(DataplaneCounter.UNKNOWN_DESTINATION_PORT);
        assertThat(sinks.emitted).isEmpty();
    }

    /**
     * What the appliance on host C forwards arrives on host B under C's prefix with A0's address: accepted because C
     * holds an appliance with an interface in the receiving port's subnet, and from no other host.
     */
    @Test
    void whatAnApplianceForwardsIsAcceptedFromItsHostOnly() {
        steerSubnet1(Action.FORWARD, hopOnC());
        fixture.b.allow(A0.address(), PREFIX_A);
        // As host C would send it: A0 to B5 (subnet 1, where C's appliance has its interface).
        assertThat(receiveOnB(forwardedBy(PREFIX_C, B5.address())))
            .isEqualTo(DataplaneCounter.DELIVERED_FROM_SUBSTRATE);
        assertThat(sinks.only().port()).isEqualTo(B5.index());
        assertThat(fixture.b.counters.get(DataplaneCounter.FROM_APPLIANCE)).isEqualTo(1);
        // Subnet 2 has no appliance of host C.
        assertThat(receiveOnB(forwardedBy(PREFIX_C, B6.address())))
            .isEqualTo(DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH);
        // Nor has a host with no appliance.
        fixture.b.publishNetwork(MTU);
        assertThat(receiveOnB(forwardedBy(PREFIX_C, B5.address())))
            .isEqualTo(DataplaneCounter.SUBSTRATE_SOURCE_MISMATCH);
        // And on the network's view alone (no cache entry), the same.
        steerSubnet1(Action.FORWARD, hopOnC());
        fixture.b.cache.expireAll();
        assertThat(receiveOnB(forwardedBy(PREFIX_C, B5.address())))
            .isEqualTo(DataplaneCounter.DELIVERED_FROM_SUBSTRATE);
        assertThat(fixture.b.counters.get(DataplaneCounter.FROM_APPLIANCE)).isEqualTo(2);
    }

    /** A0's packet to {@code destination} on host B as the agent of the host with {@code prefix} sends it. */
    private MemorySegment forwardedBy(Ipv6Prefix prefix, int destination) {
        Fixture.Host sender = fixture.new Host(prefix, List.of());
        // The appliance's port sends A0's packet on (its check is off); its agent translates it from its own prefix.
        LocalPort appliance = new LocalPort(9, "node-c", "if-c", Fixture.OVERLAY, APPLIANCE_C,
            VirtualMacs.forInterface(APPLIANCE_C), Fixture.SUBNET1, 24, GATEWAY1,
            A0.routerMac(), false);
        sender.ports.replaceAll(List.of(appliance));
        sender.publishNetwork(MTU);
        sender.allow(destination, PREFIX_B);
        RecordingSinks out = new RecordingSinks();
        long mac = destination == B5.address() ? B5.mac() : appliance.routerMac();
        MemorySegment frame = Frames.udp(appliance.mac(), mac, A0.address(), destination,
            destination == B5.address() ? 63 : 64, PAYLOAD);
        DataplaneCounter outcome = sender.outbound.process(appliance.index(), frame, 0, (int) frame.byteSize(), out);
        assertThat(outcome).isEqualTo(DataplaneCounter.SENT_TO_SUBSTRATE);
        sinks.clear();
        return out.only().segment();
    }
}
