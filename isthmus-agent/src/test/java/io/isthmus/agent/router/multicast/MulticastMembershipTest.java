package io.isthmus.agent.router.multicast;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.dataplane.DataplaneCounter;
import io.isthmus.agent.dataplane.DataplaneCounters;
import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.MulticastGroups;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IgmpPacket;
import io.isthmus.wire.IgmpRepr;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.MacAddress;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The router's IGMP membership service on its own: joins and leaves of every IGMP version, the general queries it
 * sends, expiry, and the checks on what nodes send.
 */
class MulticastMembershipTest {
    private static final int OVERLAY = 0x123456;
    private static final int G1 = Ipv4Address.parse("239.1.1.1");
    private static final int G2 = Ipv4Address.parse("239.2.2.2");
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Short timers: query every 20 s, robustness 2, 2 s to answer: membership timeout 42 s. */
    private static final MulticastMembership.Timers TIMERS =
        new MulticastMembership.Timers(Duration.ofSeconds(20), 2, Duration.ofSeconds(2));

    private final LocalPort p0 = port(0, "10.0.1.10", true);
    private final LocalPort p1 = port(1, "10.0.1.11", true);
    private final PortTable ports = new PortTable();
    private final MulticastGroups groups = new MulticastGroups();
    private final DataplaneCounters counters = new DataplaneCounters();
    private final MulticastMembership service =
        new MulticastMembership(ports, groups, counters, TIMERS, () -> 0L);
    private final List<byte[]> sent = new ArrayList<>();
    private final List<Integer> sentTo = new ArrayList<>();
    private final DataplaneSinks sinks = new DataplaneSinks() {
        @Override
        public void toPort(int portIndex, MemorySegment segment, long offset, int length) {
            sentTo.add(portIndex);
            sent.add(segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
        }

        @Override
        public void toSubstrate(MemorySegment segment, long offset, int length) {
            throw new AssertionError("the membership service never writes to the substrate");
        }
    };

    MulticastMembershipTest() {
        ports.replaceAll(List.of(p0, p1));
    }

    private static LocalPort port(int index, String address, boolean check) {
        int ipv4 = Ipv4Address.parse(address);
        int gateway = Ipv4Address.parse("10.0.1.1");
        return new LocalPort(index, "node-" + index, "if-" + index, OVERLAY, ipv4, VirtualMacs.forInterface(ipv4),
            Ipv4Address.parse("10.0.1.0"), 24, gateway, VirtualMacs.router(gateway), check);
    }

    /** An IGMP frame from {@code port} to {@code destination} carrying {@code message}, with the router alert. */
    static MemorySegment igmpFrame(LocalPort port, int source, int destination, IgmpRepr message) {
        int ipLength = Ipv4Packet.HEADER_LENGTH + 4 + message.bufferLength();
        MemorySegment s = MemorySegment.ofArray(new byte[EthernetFrame.HEADER_LENGTH + ipLength]);
        EthernetFrame eth = new EthernetFrame().wrap(s, 0, (int) s.byteSize());
        eth.setDestination(MacAddress.ofIpv4Multicast(destination));
        eth.setSource(port.mac());
        eth.setOuterEtherType(EtherType.IPV4);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, EthernetFrame.HEADER_LENGTH, ipLength);
        ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH + 4);
        ip.setTos(0xc0);
        ip.setTotalLength(ipLength);
        ip.setFlagsAndFragmentOffset(true, false, 0);
        ip.setTtl(1);
        ip.setProtocol(IpProtocol.IGMP);
        ip.setSource(source);
        ip.setDestination(destination);
        s.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN),
            EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH, 0x94040000);
        ip.fillHeaderChecksum();
        message.emit(new IgmpPacket().wrap(s, EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH + 4,
            message.bufferLength()));
        return s;
    }

    private void receive(LocalPort port, IgmpRepr message, long now) {
        MemorySegment frame = igmpFrame(port, port.address(), IgmpPacket.ALL_V3_ROUTERS, message);
        service.handle(port, frame, (int) frame.byteSize(), now);
    }

    private static IgmpRepr v3(int type, int group) {
        return new IgmpRepr.V3Report(List.of(IgmpRepr.GroupRecord.of(type, group)));
    }

    private boolean member(LocalPort port, int group) {
        MulticastGroups.Group found = groups.snapshot().find(OVERLAY, group);
        return found != null && found.hasLocal(port.index());
    }

    @Test
    void aV3JoinMakesThePortAMemberAndTheLeaveRemovesItAtOnce() {
        long before = service.version();
        receive(p0, v3(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, G1), SECOND);

        assertThat(member(p0, G1)).isTrue();
        assertThat(member(p1, G1)).isFalse();
        assertThat(service.version()).isGreaterThan(before);
        assertThat(service.memberships()).containsExactly(new MulticastMembership.Membership(p0, G1));
        assertThat(service.groupsOf(OVERLAY)).isEqualTo(Map.of(G1, Set.of(Ipv4Address.parse("10.0.1.0"))));
        assertThat(counters.get(DataplaneCounter.IGMP_JOINED)).isEqualTo(1);

        // TO_IN {}: the node's last socket left; one port is one node, so no last-member query is needed.
        receive(p0, v3(IgmpPacket.CHANGE_TO_INCLUDE_MODE, G1), 2 * SECOND);

        assertThat(member(p0, G1)).isFalse();
        assertThat(groups.snapshot().find(OVERLAY, G1)).isNull();
        assertThat(service.memberships()).isEmpty();
        assertThat(counters.get(DataplaneCounter.IGMP_LEFT)).isEqualTo(1);
        assertThat(counters.get(DataplaneCounter.IGMP_REPORT_ACCEPTED)).isEqualTo(2);
    }

    @Test
    void aCurrentStateReportRefreshesWithoutChangingTheVersion() {
        receive(p0, v3(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, G1), SECOND);
        long version = service.version();

        receive(p0, v3(IgmpPacket.MODE_IS_EXCLUDE, G1), 2 * SECOND);

        assertThat(service.version()).isEqualTo(version);
        assertThat(counters.get(DataplaneCounter.IGMP_JOINED)).isEqualTo(1);
    }

    @Test
    void versionTwoReportsAndLeavesAndVersionOneReportsAreUnderstood() {
        receive(p0, new IgmpRepr.V2Report(G1), SECOND);
        receive(p1, new IgmpRepr.V1Report(G2), SECOND);
        assertThat(member(p0, G1)).isTrue();
        assertThat(member(p1, G2)).isTrue();

        receive(p0, new IgmpRepr.Leave(G1), 2 * SECOND);
        assertThat(member(p0, G1)).isFalse();
        assertThat(member(p1, G2)).isTrue();
    }

    @Test
    void severalRecordsOfOneReportApplyInOrder() {
        receive(p0, new IgmpRepr.V3Report(List.of(IgmpRepr.GroupRecord.of(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, G1),
            new IgmpRepr.GroupRecord(IgmpPacket.ALLOW_NEW_SOURCES, G2, List.of(0x0a000005), List.of()))), SECOND);

        assertThat(member(p0, G1)).isTrue();
        assertThat(member(p0, G2)).isTrue();
    }

    @Test
    void linkLocalGroupsAreNotTracked() {
        // 224.0.0.251 (mDNS) is flooded in the subnet whatever the reports say (RFC 4541 section 2.1.2).
        receive(p0, v3(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, Ipv4Address.parse("224.0.0.251")), SECOND);

        assertThat(service.memberships()).isEmpty();
        assertThat(MulticastMembership.isTrackedGroup(Ipv4Address.parse("224.0.1.1"))).isTrue();
        assertThat(MulticastMembership.isTrackedGroup(Ipv4Address.parse("239.255.255.255"))).isTrue();
        assertThat(MulticastMembership.isTrackedGroup(Ipv4Address.parse("240.0.0.1"))).isFalse();
    }

    @Test
    void aReportFromAnotherAddressOrMacIsASpoofAndCountedOnly() {
        MemorySegment frame = igmpFrame(p0, p1.address(), IgmpPacket.ALL_V3_ROUTERS,
            v3(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, G1));
        service.handle(p0, frame, (int) frame.byteSize(), SECOND);
        MemorySegment otherMac = igmpFrame(p1, p0.address(), IgmpPacket.ALL_V3_ROUTERS,
            v3(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, G1));
        service.handle(p0, otherMac, (int) otherMac.byteSize(), SECOND);

        assertThat(service.memberships()).isEmpty();
        assertThat(counters.get(DataplaneCounter.IGMP_SPOOFED_SOURCE)).isEqualTo(2);

        // RFC 3376 section 4.2.13: a report from 0.0.0.0 is accepted.
        MemorySegment unnumbered = igmpFrame(p0, 0, IgmpPacket.ALL_V3_ROUTERS,
            v3(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, G1));
        service.handle(p0, unnumbered, (int) unnumbered.byteSize(), SECOND);
        assertThat(member(p0, G1)).isTrue();
    }

    @Test
    void badMessagesAreCountedDrops() {
        MemorySegment frame = igmpFrame(p0, p0.address(), IgmpPacket.ALL_V3_ROUTERS,
            v3(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, G1));
        int igmpAt = EthernetFrame.HEADER_LENGTH + 24;
        frame.set(ValueLayout.JAVA_BYTE, igmpAt + 2, (byte) (frame.get(ValueLayout.JAVA_BYTE, igmpAt + 2) ^ 1));
        service.handle(p0, frame, (int) frame.byteSize(), SECOND);
        assertThat(counters.get(DataplaneCounter.IGMP_BAD_CHECKSUM)).isEqualTo(1);

        for (int length = 0; length < frame.byteSize(); length++) {
            service.handle(p0, frame, length, SECOND);
        }
        assertThat(counters.get(DataplaneCounter.IGMP_MALFORMED)).as("every truncation").isEqualTo(frame.byteSize());
        assertThat(service.memberships()).isEmpty();

        MemorySegment query = igmpFrame(p0, p0.address(), IgmpPacket.ALL_SYSTEMS,
            IgmpRepr.V3Query.general(100, 2, 125));
        service.handle(p0, query, (int) query.byteSize(), SECOND);
        assertThat(counters.get(DataplaneCounter.IGMP_IGNORED)).isEqualTo(1);
    }

    @Test
    void eachPortIsQueriedAtOnceThenAtTheStartupIntervalThenEveryQueryInterval() {
        service.tick(SECOND, ports.snapshot(), sinks);
        assertThat(sentTo).containsExactly(0, 1);
        checkQuery(sent.get(0), p0);
        checkQuery(sent.get(1), p1);

        sent.clear();
        sentTo.clear();
        service.tick(5 * SECOND, ports.snapshot(), sinks);
        assertThat(sent).isEmpty();
        service.tick(6 * SECOND, ports.snapshot(), sinks);
        assertThat(sent).as("the startup query interval is 5 s").hasSize(2);
        service.tick(25 * SECOND, ports.snapshot(), sinks);
        assertThat(sent).as("robustness 2: one startup query more, then every 20 s").hasSize(2);
        service.tick(26 * SECOND, ports.snapshot(), sinks);
        assertThat(sent).hasSize(4);
        service.tick(45 * SECOND, ports.snapshot(), sinks);
        assertThat(sent).hasSize(4);
        service.tick(46 * SECOND, ports.snapshot(), sinks);
        assertThat(sent).hasSize(6);
        assertThat(counters.get(DataplaneCounter.IGMP_QUERY_SENT)).isEqualTo(8);
    }

    private static void checkQuery(byte[] bytes, LocalPort port) {
        MemorySegment s = MemorySegment.ofArray(bytes);
        EthernetFrame eth = new EthernetFrame().wrap(s, 0, bytes.length);
        assertThat(eth.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(MacAddress.format(eth.destination())).isEqualTo("01:00:5e:00:00:01");
        assertThat(eth.source()).isEqualTo(port.routerMac());
        Ipv4Packet ip = new Ipv4Packet().wrap(s, EthernetFrame.HEADER_LENGTH, bytes.length - 14);
        assertThat(ip.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(ip.verifyHeaderChecksum()).isTrue();
        assertThat(ip.source()).isEqualTo(port.gateway());
        assertThat(ip.destination()).isEqualTo(IgmpPacket.ALL_SYSTEMS);
        assertThat(ip.ttl()).isEqualTo(1);
        assertThat(ip.protocol()).isEqualTo(IpProtocol.IGMP);
        assertThat(ip.headerLength()).isEqualTo(24);
        assertThat(s.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 34))
            .as("router alert").isEqualTo(0x94040000);
        IgmpPacket igmp = new IgmpPacket().wrap(s, 38, bytes.length - 38);
        assertThat(IgmpRepr.parse(igmp)).isEqualTo(IgmpRepr.V3Query.general(20, 2, 20));
    }

    @Test
    void aMembershipNotRefreshedExpiresAfterTheGroupMembershipInterval() {
        receive(p0, v3(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, G1), SECOND);
        receive(p1, v3(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, G1), SECOND);
        receive(p1, v3(IgmpPacket.MODE_IS_EXCLUDE, G1), 30 * SECOND);

        service.tick(42 * SECOND, ports.snapshot(), sinks);
        assertThat(member(p0, G1)).as("1 s + 42 s not reached").isTrue();
        service.tick(43 * SECOND, ports.snapshot(), sinks);
        assertThat(member(p0, G1)).isFalse();
        assertThat(member(p1, G1)).as("refreshed at 30 s").isTrue();
        assertThat(counters.get(DataplaneCounter.IGMP_MEMBERSHIP_EXPIRED)).isEqualTo(1);
        service.tick(72 * SECOND, ports.snapshot(), sinks);
        assertThat(member(p1, G1)).isFalse();
    }

    @Test
    void aPortThatGoesAwayTakesItsMembershipsWithIt() {
        receive(p0, v3(IgmpPacket.CHANGE_TO_EXCLUDE_MODE, G1), SECOND);
        ports.remove(0);

        service.tick(2 * SECOND, ports.snapshot(), sinks);

        assertThat(member(p0, G1)).isFalse();
        assertThat(sentTo).containsExactly(1);
    }

    @Test
    void timeCodesFollowRfc3376() {
        assertThat(MulticastMembership.timeCode(100)).isEqualTo(100);
        assertThat(MulticastMembership.timeCode(125)).isEqualTo(125);
        assertThat(MulticastMembership.timeCode(200)).isEqualTo(0x89);
        assertThat(MulticastMembership.timeValue(0x89)).isEqualTo(200);
        for (long value = 0; value < 31_744; value += 7) {
            long decoded = MulticastMembership.timeValue(MulticastMembership.timeCode(value));
            assertThat(decoded).as("code of %d", value).isLessThanOrEqualTo(value)
                .isGreaterThan(value - value / 16 - 1);
        }
        assertThat(MulticastMembership.timeValue(0xff)).isEqualTo(31_744);
    }
}
