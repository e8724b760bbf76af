package io.isthmus.agent.router.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.NetworkSettings;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.dataplane.SubnetView;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.Checksum;
import io.isthmus.wire.DhcpMessage;
import io.isthmus.wire.DhcpOption;
import io.isthmus.wire.DhcpOptionsIterator;
import io.isthmus.wire.DhcpRepr;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.MacAddress;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DhcpServerTest {
    private static final int OVERLAY = 0x123456;
    private static final int SUBNET = ip("10.0.1.0");
    private static final int GATEWAY = ip("10.0.1.1");
    private static final long ROUTER_MAC = VirtualMacs.router(GATEWAY);
    private static final int ADDRESS = ip("10.0.1.10");
    private static final long MAC = VirtualMacs.forInterface(ADDRESS);
    private static final int DNS1 = ip("192.0.2.53");
    private static final int DNS2 = ip("192.0.2.54");
    private static final int XID = 0x3d1d4c7a;
    /** The parameter request list of ISC dhclient's default configuration. */
    private static final byte[] DHCLIENT_PARAMETERS = {1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42};

    private static final LocalPort PORT = new LocalPort(2, "node-2", "if-2", OVERLAY, ADDRESS, MAC, SUBNET, 24,
        GATEWAY, ROUTER_MAC, true);
    private static final int APPLIANCE_ADDRESS = ip("10.0.1.50");
    private static final LocalPort APPLIANCE = new LocalPort(3, "node-3", "if-3", OVERLAY, APPLIANCE_ADDRESS,
        VirtualMacs.forInterface(APPLIANCE_ADDRESS), SUBNET, 24, GATEWAY, ROUTER_MAC, false);

    private final long[] now = {5_000_000_000L};
    private final List<String> log = new ArrayList<>();
    private final DhcpServer server = new DhcpServer(log::add, () -> now[0]);
    private final Sent sent = new Sent();
    private NetworkView network = network(new NetworkSettings(1400, List.of(DNS1, DNS2), 20, null, false));

    private static int ip(String text) {
        return Ipv4Address.parse(text);
    }

    private static NetworkView network(NetworkSettings settings) {
        return new NetworkView(OVERLAY, "net-1", settings,
            List.of(new SubnetView("subnet-1", SUBNET, 24, GATEWAY, ROUTER_MAC)), List.of());
    }

    /** What the server wrote, as frames (copies). */
    static final class Sent implements DataplaneSinks {
        record Frame(int port, MemorySegment bytes) {
        }

        final List<Frame> frames = new ArrayList<>();

        @Override
        public void toPort(int portIndex, MemorySegment segment, long offset, int length) {
            frames.add(new Frame(portIndex, MemorySegment.ofArray(segment.asSlice(offset, length)
                .toArray(ValueLayout.JAVA_BYTE))));
        }

        @Override
        public void toSubstrate(MemorySegment segment, long offset, int length) {
            throw new AssertionError("a DHCP reply never goes to the substrate");
        }
    }

    /** A reply taken apart, its checksums verified. */
    record Reply(int port, long destinationMac, long sourceMac, int source, int destination, int ttl, int udpLength,
                 DhcpRepr dhcp) {
        List<Integer> codes() {
            return dhcp.options().stream().map(DhcpOption::code).toList();
        }

        DhcpOption option(int code) {
            return dhcp.option(code).orElseThrow(() -> new AssertionError("no option " + code + " in " + dhcp));
        }
    }

    private Reply onlyReply() {
        assertThat(sent.frames).hasSize(1);
        Sent.Frame frame = sent.frames.removeFirst();
        MemorySegment bytes = frame.bytes();
        EthernetFrame ethernet = new EthernetFrame().wrap(bytes, 0, (int) bytes.byteSize());
        assertThat(ethernet.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(ethernet.etherType()).isEqualTo(EtherType.IPV4);
        Ipv4Packet ip = new Ipv4Packet().wrap(bytes, EthernetFrame.HEADER_LENGTH,
            (int) bytes.byteSize() - EthernetFrame.HEADER_LENGTH);
        assertThat(ip.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(ip.verifyHeaderChecksum()).isTrue();
        assertThat(ip.protocol()).isEqualTo(IpProtocol.UDP);
        UdpDatagram udp = new UdpDatagram().wrap(bytes, EthernetFrame.HEADER_LENGTH + ip.headerLength(),
            ip.payloadLength());
        assertThat(udp.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(udp.verifyChecksum(ip.pseudoHeaderSum(udp.length()))).as("UDP checksum").isTrue();
        assertThat(udp.sourcePort()).isEqualTo(DhcpMessage.SERVER_PORT);
        assertThat(udp.destinationPort()).isEqualTo(DhcpMessage.CLIENT_PORT);
        DhcpMessage message = new DhcpMessage().wrap(bytes, udp.offset() + UdpDatagram.HEADER_LENGTH,
            udp.payloadLength());
        return new Reply(frame.port(), ethernet.destination(), ethernet.source(), ip.source(), ip.destination(),
            ip.ttl(), udp.payloadLength(), DhcpRepr.parse(message));
    }

    /** A client message: the Ethernet, IPv4 and UDP headers around {@code dhcp}, checksums right. */
    static MemorySegment frame(long sourceMac, int source, int destination, DhcpRepr dhcp) {
        int dhcpLength = dhcp.bufferLength();
        int udpLength = UdpDatagram.HEADER_LENGTH + dhcpLength;
        int ipLength = Ipv4Packet.HEADER_LENGTH + udpLength;
        MemorySegment s = MemorySegment.ofArray(new byte[EthernetFrame.HEADER_LENGTH + ipLength]);
        EthernetFrame eth = new EthernetFrame().wrap(s, 0, (int) s.byteSize());
        eth.setDestination(destination == -1 ? MacAddress.BROADCAST : ROUTER_MAC);
        eth.setSource(sourceMac);
        eth.setOuterEtherType(EtherType.IPV4);
        Ipv4Packet ip = new Ipv4Packet().wrap(s, EthernetFrame.HEADER_LENGTH, ipLength);
        ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        ip.setTotalLength(ipLength);
        ip.setTtl(64);
        ip.setProtocol(IpProtocol.UDP);
        ip.setSource(source);
        ip.setDestination(destination);
        ip.fillHeaderChecksum();
        dhcp.emit(new DhcpMessage().wrap(s, EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH
            + UdpDatagram.HEADER_LENGTH, dhcpLength));
        UdpDatagram udp = new UdpDatagram().wrap(s, EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH,
            udpLength);
        udp.setSourcePort(DhcpMessage.CLIENT_PORT);
        udp.setDestinationPort(DhcpMessage.SERVER_PORT);
        udp.setDatagramLength(udpLength);
        udp.fillChecksum(Checksum.ipv4PseudoHeader(source, destination, IpProtocol.UDP, udpLength));
        return s;
    }

    /** A client message of {@code type} with {@code ciaddr}, flags and options after the message type. */
    static DhcpRepr message(int type, long chaddr, int ciaddr, int flags, DhcpOption... options) {
        List<DhcpOption> all = new ArrayList<>();
        all.add(DhcpOption.ofU8(DhcpOptionsIterator.MESSAGE_TYPE, type));
        all.addAll(List.of(options));
        return new DhcpRepr(DhcpMessage.BOOT_REQUEST, 1, 6, 0, XID, 3, flags, ciaddr, 0, 0, 0,
            DhcpRepr.chaddrOf(chaddr), "", "", all);
    }

    private static DhcpOption requested(int address) {
        return DhcpOption.ofU32(DhcpOptionsIterator.REQUESTED_ADDRESS, address);
    }

    private static DhcpOption serverId(int address) {
        return DhcpOption.ofU32(DhcpOptionsIterator.SERVER_IDENTIFIER, address);
    }

    private static DhcpOption parameters(byte... codes) {
        return new DhcpOption(DhcpOptionsIterator.PARAMETER_REQUEST_LIST, codes);
    }

    /** Hands {@code frame} to the server; returns the one counter that moved, by one. */
    private DhcpCounter handle(LocalPort port, MemorySegment frame) {
        Map<DhcpCounter, Long> before = server.counters().totals();
        server.handle(port, network, frame, (int) frame.byteSize(), sent);
        DhcpCounter changed = null;
        for (var entry : server.counters().totals().entrySet()) {
            long delta = entry.getValue() - before.get(entry.getKey());
            if (delta != 0) {
                assertThat(changed).as("one counter per message").isNull();
                assertThat(delta).isEqualTo(1);
                changed = entry.getKey();
            }
        }
        assertThat(changed).as("every message is counted").isNotNull();
        return changed;
    }

    private DhcpCounter discover(int flags, DhcpOption... options) {
        return handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.DISCOVER, MAC, 0, flags, options)));
    }

    @Test
    void aDiscoverIsOfferedTheInterfaceAddressWithEveryParameterInTheRequestedOrder() {
        assertThat(discover(0, requested(ip("10.0.1.77")), parameters(DHCLIENT_PARAMETERS)))
            .isEqualTo(DhcpCounter.OFFERED);

        Reply offer = onlyReply();
        assertThat(offer.port()).isEqualTo(PORT.index());
        // No broadcast bit: unicast to yiaddr at the client's MAC (RFC 2131 section 4.1), from the router.
        assertThat(offer.destinationMac()).isEqualTo(MAC);
        assertThat(offer.sourceMac()).isEqualTo(ROUTER_MAC);
        assertThat(offer.source()).isEqualTo(GATEWAY);
        assertThat(offer.destination()).isEqualTo(ADDRESS);
        assertThat(offer.ttl()).isEqualTo(64);
        DhcpRepr dhcp = offer.dhcp();
        assertThat(dhcp.op()).isEqualTo(DhcpMessage.BOOT_REPLY);
        assertThat(dhcp.transactionId()).isEqualTo(XID);
        assertThat(dhcp.yourAddress()).as("the configured address, not the one asked for").isEqualTo(ADDRESS);
        assertThat(dhcp.clientAddress()).isZero();
        assertThat(dhcp.serverAddress()).isZero();
        assertThat(dhcp.relayAgentAddress()).isZero();
        assertThat(dhcp.clientMac()).isEqualTo(MAC);
        assertThat(dhcp.flags()).isZero();
        assertThat(dhcp.messageType()).isEqualTo(DhcpMessage.OFFER);
        assertThat(offer.codes()).containsExactly(53, 54, 51, 58, 59, 1, 28, 3, 6, 26);
        assertThat(offer.option(DhcpOptionsIterator.SERVER_IDENTIFIER).u32(0)).isEqualTo(GATEWAY);
        assertThat(offer.option(DhcpOptionsIterator.LEASE_TIME).u32(0)).isEqualTo(20);
        assertThat(offer.option(DhcpOptionsIterator.RENEWAL_TIME).u32(0)).isEqualTo(10);
        assertThat(offer.option(DhcpOptionsIterator.REBINDING_TIME).u32(0)).isEqualTo(17);
        assertThat(offer.option(DhcpOptionsIterator.SUBNET_MASK).u32(0)).isEqualTo(ip("255.255.255.0"));
        assertThat(offer.option(DhcpOptionsIterator.BROADCAST_ADDRESS).u32(0)).isEqualTo(ip("10.0.1.255"));
        assertThat(offer.option(DhcpOptionsIterator.ROUTER).addresses()).containsExactly(GATEWAY);
        assertThat(offer.option(DhcpOptionsIterator.DOMAIN_NAME_SERVER).addresses()).containsExactly(DNS1, DNS2);
        assertThat(offer.option(DhcpOptionsIterator.INTERFACE_MTU).u16(0)).isEqualTo(1400);
        assertThat(offer.udpLength()).as("padded to a BOOTP message").isEqualTo(DhcpMessage.MIN_BOOTP_LENGTH);

        DhcpLease lease = server.lease(PORT.index());
        assertThat(lease.state()).isEqualTo(DhcpLease.State.OFFERED);
        assertThat(lease.address()).isEqualTo(ADDRESS);
        assertThat(lease.mac()).isEqualTo(MAC);
        assertThat(server.boundLeases()).isZero();
    }

    @Test
    void parametersNotRequestedFollowThoseRequested() {
        discover(0, parameters((byte) 6, (byte) 3, (byte) 3, (byte) 200, (byte) 0));

        assertThat(onlyReply().codes()).containsExactly(53, 54, 51, 58, 59, 6, 3, 1, 26, 28);
    }

    @Test
    void aParameterRequestListSplitInTwoIsOneList() {
        // RFC 3396: a client may split a long option; the parts are concatenated in order.
        discover(0, parameters((byte) 26), parameters((byte) 3, (byte) 1));

        assertThat(onlyReply().codes()).containsExactly(53, 54, 51, 58, 59, 26, 3, 1, 6, 28);
    }

    @Test
    void withoutDnsServersThereIsNoDnsOption() {
        network = network(new NetworkSettings(1480, List.of(), 3600, null, false));
        discover(0, parameters(DHCLIENT_PARAMETERS));

        Reply offer = onlyReply();
        assertThat(offer.codes()).containsExactly(53, 54, 51, 58, 59, 1, 28, 3, 26);
        assertThat(offer.option(DhcpOptionsIterator.LEASE_TIME).u32(0)).isEqualTo(3600);
        assertThat(offer.option(DhcpOptionsIterator.REBINDING_TIME).u32(0)).isEqualTo(3150);
        assertThat(offer.option(DhcpOptionsIterator.INTERFACE_MTU).u16(0)).isEqualTo(1480);
    }

    @Test
    void withoutANetworkViewTheDefaultsAreOffered() {
        network = null;
        discover(0);

        Reply offer = onlyReply();
        assertThat(offer.option(DhcpOptionsIterator.LEASE_TIME).u32(0))
            .isEqualTo(NetworkSettings.DEFAULTS.dhcpLeaseSeconds());
        assertThat(offer.option(DhcpOptionsIterator.INTERFACE_MTU).u16(0)).isEqualTo(NetworkSettings.DEFAULTS.mtu());
    }

    @Test
    void theBroadcastBitMakesTheOfferBroadcast() {
        discover(DhcpMessage.BROADCAST_FLAG);

        Reply offer = onlyReply();
        assertThat(offer.destinationMac()).isEqualTo(MacAddress.BROADCAST);
        assertThat(offer.destination()).isEqualTo(-1);
        assertThat(offer.dhcp().flags()).isEqualTo(DhcpMessage.BROADCAST_FLAG);
    }

    @Test
    void aSelectingRequestIsAckedAndTheLeaseBound() {
        discover(0);
        sent.frames.clear();

        DhcpCounter outcome = handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.REQUEST, MAC, 0, 0,
            serverId(GATEWAY), requested(ADDRESS), parameters(DHCLIENT_PARAMETERS))));

        assertThat(outcome).isEqualTo(DhcpCounter.ACKED_SELECTING);
        Reply ack = onlyReply();
        assertThat(ack.dhcp().messageType()).isEqualTo(DhcpMessage.ACK);
        assertThat(ack.dhcp().yourAddress()).isEqualTo(ADDRESS);
        assertThat(ack.destination()).isEqualTo(ADDRESS);
        assertThat(ack.destinationMac()).isEqualTo(MAC);
        assertThat(ack.codes()).containsExactly(53, 54, 51, 58, 59, 1, 28, 3, 6, 26);
        DhcpLease lease = server.lease(PORT.index());
        assertThat(lease.state()).isEqualTo(DhcpLease.State.BOUND);
        assertThat(lease.expiresNanos()).isEqualTo(now[0] + TimeUnit.SECONDS.toNanos(20));
        assertThat(server.boundLeases()).isEqualTo(1);
        assertThat(server.leases()).containsExactly(lease);
        assertThat(log).singleElement().asString().contains("event=dhcp-bound", "node=node-2", "address=10.0.1.10",
            "lease_seconds=20", "state=selecting");

        // A renewal is counted, not logged again.
        now[0] += TimeUnit.SECONDS.toNanos(10);
        assertThat(handle(PORT, frame(MAC, ADDRESS, GATEWAY, message(DhcpMessage.REQUEST, MAC, ADDRESS, 0))))
            .isEqualTo(DhcpCounter.ACKED_RENEWING);
        assertThat(server.lease(PORT.index()).expiresNanos()).isEqualTo(now[0] + TimeUnit.SECONDS.toNanos(20));
        assertThat(log).hasSize(1);
    }

    @Test
    void aRequestForAnotherServersOfferGetsNothingAndDropsOurs() {
        discover(0);
        sent.frames.clear();

        DhcpCounter outcome = handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.REQUEST, MAC, 0, 0,
            serverId(ip("10.0.1.2")), requested(ADDRESS))));

        assertThat(outcome).isEqualTo(DhcpCounter.OTHER_SERVER);
        assertThat(sent.frames).isEmpty();
        assertThat(server.lease(PORT.index())).isNull();
    }

    @Test
    void aSelectingRequestForAnotherAddressIsNaked() {
        DhcpCounter outcome = handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.REQUEST, MAC, 0, 0,
            serverId(GATEWAY), requested(ip("10.0.1.11")))));

        assertThat(outcome).isEqualTo(DhcpCounter.NAKED_WRONG_ADDRESS);
        Reply nak = onlyReply();
        assertThat(nak.dhcp().messageType()).isEqualTo(DhcpMessage.NAK);
    }

    @Test
    void anInitRebootRequestForTheRightAddressIsAcked() {
        DhcpCounter outcome = handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.REQUEST, MAC, 0, 0,
            requested(ADDRESS))));

        assertThat(outcome).isEqualTo(DhcpCounter.ACKED_INIT_REBOOT);
        assertThat(onlyReply().dhcp().messageType()).isEqualTo(DhcpMessage.ACK);
        assertThat(server.lease(PORT.index()).state()).isEqualTo(DhcpLease.State.BOUND);
    }

    @Test
    void anInitRebootRequestForAnotherAddressIsNakedByBroadcast() {
        DhcpCounter outcome = handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.REQUEST, MAC, 0, 0,
            requested(ip("10.0.1.99")))));

        assertThat(outcome).isEqualTo(DhcpCounter.NAKED_WRONG_ADDRESS);
        Reply nak = onlyReply();
        assertThat(nak.destination()).isEqualTo(-1);
        assertThat(nak.destinationMac()).isEqualTo(MacAddress.BROADCAST);
        assertThat(nak.source()).isEqualTo(GATEWAY);
        DhcpRepr dhcp = nak.dhcp();
        assertThat(dhcp.messageType()).isEqualTo(DhcpMessage.NAK);
        assertThat(dhcp.yourAddress()).isZero();
        assertThat(dhcp.clientAddress()).isZero();
        // RFC 2131 table 3: a NAK carries the server identifier and a message, no lease and no parameters.
        assertThat(nak.codes()).containsExactly(53, 54, 56);
        assertThat(new String(nak.option(DhcpOptionsIterator.MESSAGE).data())).contains("not configured");
    }

    @Test
    void anInitRebootRequestFromAnotherSubnetIsNaked() {
        DhcpCounter outcome = handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.REQUEST, MAC, 0, 0,
            requested(ip("192.168.7.10")))));

        assertThat(outcome).isEqualTo(DhcpCounter.NAKED_WRONG_SUBNET);
        assertThat(onlyReply().dhcp().messageType()).isEqualTo(DhcpMessage.NAK);
    }

    @Test
    void aRenewalUnicastToTheRouterIsAckedUnicastEvenWithoutALease() {
        DhcpCounter outcome = handle(PORT, frame(MAC, ADDRESS, GATEWAY, message(DhcpMessage.REQUEST, MAC, ADDRESS,
            0)));

        assertThat(outcome).isEqualTo(DhcpCounter.ACKED_RENEWING);
        Reply ack = onlyReply();
        assertThat(ack.destination()).isEqualTo(ADDRESS);
        assertThat(ack.destinationMac()).isEqualTo(MAC);
        assertThat(ack.dhcp().clientAddress()).as("ciaddr copied (RFC 2131 table 3)").isEqualTo(ADDRESS);
        assertThat(ack.dhcp().yourAddress()).isEqualTo(ADDRESS);
        assertThat(ack.option(DhcpOptionsIterator.LEASE_TIME).u32(0)).isEqualTo(20);
        assertThat(server.lease(PORT.index()).state()).isEqualTo(DhcpLease.State.BOUND);
    }

    @Test
    void aRebindingBroadcastIsAckedToTheClientAddress() {
        DhcpCounter outcome = handle(PORT, frame(MAC, ADDRESS, -1, message(DhcpMessage.REQUEST, MAC, ADDRESS,
            DhcpMessage.BROADCAST_FLAG)));

        assertThat(outcome).isEqualTo(DhcpCounter.ACKED_REBINDING);
        assertThat(onlyReply().destination()).isEqualTo(ADDRESS);
    }

    @Test
    void aRebindingToTheSubnetBroadcastIsAckedAndARenewalToAnotherServerIgnored() {
        assertThat(handle(PORT, frame(MAC, ADDRESS, ip("10.0.1.255"), message(DhcpMessage.REQUEST, MAC, ADDRESS, 0))))
            .isEqualTo(DhcpCounter.ACKED_REBINDING);
        onlyReply();
        assertThat(handle(PORT, frame(MAC, ADDRESS, ip("10.0.1.254"), message(DhcpMessage.REQUEST, MAC, ADDRESS, 0))))
            .isEqualTo(DhcpCounter.OTHER_SERVER);
        assertThat(sent.frames).isEmpty();
    }

    @Test
    void aRenewalOfAnotherAddressIsNaked() {
        int other = ip("10.0.1.12");
        DhcpCounter outcome = handle(APPLIANCE, frame(APPLIANCE.mac(), other, GATEWAY,
            message(DhcpMessage.REQUEST, APPLIANCE.mac(), other, 0)));

        assertThat(outcome).isEqualTo(DhcpCounter.NAKED_WRONG_ADDRESS);
        assertThat(onlyReply().destination()).isEqualTo(-1);
    }

    @Test
    void aRequestOfNoClientStateIsIgnored() {
        assertThat(handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.REQUEST, MAC, 0, 0))))
            .isEqualTo(DhcpCounter.INVALID_REQUEST);
        assertThat(handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.REQUEST, MAC, 0, 0, serverId(GATEWAY)))))
            .isEqualTo(DhcpCounter.INVALID_REQUEST);
        assertThat(sent.frames).isEmpty();
    }

    @Test
    void anUnknownMacGetsNothing() {
        long stranger = MacAddress.parse("02:00:00:00:be:ef");
        // An appliance may send from another MAC; its client is not the interface's.
        assertThat(handle(APPLIANCE, frame(stranger, 0, -1, message(DhcpMessage.DISCOVER, stranger, 0, 0))))
            .isEqualTo(DhcpCounter.UNKNOWN_CLIENT);
        // The port's own MAC on the frame, another in chaddr.
        assertThat(handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.DISCOVER, stranger, 0, 0))))
            .isEqualTo(DhcpCounter.UNKNOWN_CLIENT);
        assertThat(handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.REQUEST, stranger, 0, 0,
            requested(ADDRESS))))).isEqualTo(DhcpCounter.UNKNOWN_CLIENT);
        assertThat(sent.frames).isEmpty();
        assertThat(server.leases()).isEmpty();
    }

    @Test
    void anInformGetsTheParametersWithoutALease() {
        DhcpCounter outcome = handle(PORT, frame(MAC, ADDRESS, -1, message(DhcpMessage.INFORM, MAC, ADDRESS, 0,
            parameters(DHCLIENT_PARAMETERS))));

        assertThat(outcome).isEqualTo(DhcpCounter.ACKED_INFORM);
        Reply ack = onlyReply();
        assertThat(ack.destination()).isEqualTo(ADDRESS);
        assertThat(ack.dhcp().yourAddress()).isZero();
        assertThat(ack.codes()).containsExactly(53, 54, 1, 28, 3, 6, 26);
        assertThat(server.lease(PORT.index())).isNull();
    }

    @Test
    void aReleaseForgetsTheLease() {
        handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.REQUEST, MAC, 0, 0, requested(ADDRESS))));
        sent.frames.clear();
        assertThat(server.boundLeases()).isEqualTo(1);

        assertThat(handle(PORT, frame(MAC, ADDRESS, GATEWAY, message(DhcpMessage.RELEASE, MAC, ip("10.0.1.11"), 0,
            serverId(GATEWAY))))).as("not its address").isEqualTo(DhcpCounter.INVALID_REQUEST);
        assertThat(handle(PORT, frame(MAC, ADDRESS, GATEWAY, message(DhcpMessage.RELEASE, MAC, ADDRESS, 0,
            serverId(ip("10.0.1.2")))))).isEqualTo(DhcpCounter.OTHER_SERVER);
        assertThat(server.boundLeases()).isEqualTo(1);
        assertThat(handle(PORT, frame(MAC, ADDRESS, GATEWAY, message(DhcpMessage.RELEASE, MAC, ADDRESS, 0,
            serverId(GATEWAY))))).isEqualTo(DhcpCounter.RELEASED);

        assertThat(server.boundLeases()).isZero();
        assertThat(sent.frames).isEmpty();
        assertThat(log).hasSize(2).last().asString().contains("event=dhcp-released", "address=10.0.1.10");
    }

    @Test
    void aDeclineIsLoggedForTheOperator() {
        assertThat(handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.DECLINE, MAC, 0, 0, serverId(GATEWAY),
            requested(ADDRESS))))).isEqualTo(DhcpCounter.DECLINED);

        assertThat(sent.frames).isEmpty();
        assertThat(log).singleElement().asString().contains("event=dhcp-declined", "node=node-2",
            "address=10.0.1.10");
        assertThat(handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.DECLINE, MAC, 0, 0, serverId(ip("10.9.9.9")),
            requested(ADDRESS))))).isEqualTo(DhcpCounter.OTHER_SERVER);
    }

    @Test
    void leasesAndOffersLapse() {
        discover(0);
        server.tick(now[0] + DhcpServer.OFFER_HOLD_NANOS - 1, sent);
        assertThat(server.lease(PORT.index())).isNotNull();
        server.tick(now[0] + DhcpServer.OFFER_HOLD_NANOS, sent);
        assertThat(server.lease(PORT.index())).isNull();

        handle(PORT, frame(MAC, 0, -1, message(DhcpMessage.REQUEST, MAC, 0, 0, requested(ADDRESS))));
        server.tick(now[0] + TimeUnit.SECONDS.toNanos(19), sent);
        assertThat(server.boundLeases()).isEqualTo(1);
        server.tick(now[0] + TimeUnit.SECONDS.toNanos(20), sent);
        assertThat(server.boundLeases()).isZero();
    }

    @Test
    void messagesAServerSendsOrWithoutTypeAreNotAnswered() {
        for (int type : new int[] {DhcpMessage.OFFER, DhcpMessage.ACK, DhcpMessage.NAK, 0, 42}) {
            DhcpRepr repr = type == 0
                ? new DhcpRepr(DhcpMessage.BOOT_REQUEST, 1, 6, 0, XID, 0, 0, 0, 0, 0, 0, DhcpRepr.chaddrOf(MAC), "",
                    "", List.of())
                : message(type, MAC, 0, 0);
            assertThat(handle(PORT, frame(MAC, 0, -1, repr))).as("type %d", type)
                .isEqualTo(DhcpCounter.NOT_A_CLIENT_MESSAGE);
        }
        DhcpRepr bootReply = new DhcpRepr(DhcpMessage.BOOT_REPLY, 1, 6, 0, XID, 0, 0, 0, 0, 0, 0,
            DhcpRepr.chaddrOf(MAC), "", "", List.of(DhcpOption.ofU8(DhcpOptionsIterator.MESSAGE_TYPE, 1)));
        assertThat(handle(PORT, frame(MAC, 0, -1, bootReply))).isEqualTo(DhcpCounter.NOT_A_CLIENT_MESSAGE);
        assertThat(sent.frames).isEmpty();
    }

    @Test
    void anotherHardwareTypeIsNotServed() {
        DhcpRepr tokenRing = new DhcpRepr(DhcpMessage.BOOT_REQUEST, 6, 6, 0, XID, 0, 0, 0, 0, 0, 0,
            DhcpRepr.chaddrOf(MAC), "", "", List.of(DhcpOption.ofU8(DhcpOptionsIterator.MESSAGE_TYPE, 1)));
        assertThat(handle(PORT, frame(MAC, 0, -1, tokenRing))).isEqualTo(DhcpCounter.NOT_ETHERNET);
    }

    @Test
    void aRelayedMessageIsNotServed() {
        DhcpRepr relayed = new DhcpRepr(DhcpMessage.BOOT_REQUEST, 1, 6, 1, XID, 0, 0, 0, 0, 0, ip("10.0.9.1"),
            DhcpRepr.chaddrOf(MAC), "", "", List.of(DhcpOption.ofU8(DhcpOptionsIterator.MESSAGE_TYPE, 1)));
        assertThat(handle(PORT, frame(MAC, 0, -1, relayed))).isEqualTo(DhcpCounter.RELAYED);
    }

    @Test
    void aBadUdpChecksumIsCounted() {
        MemorySegment frame = frame(MAC, 0, -1, message(DhcpMessage.DISCOVER, MAC, 0, 0));
        int checksum = EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH + UdpDatagram.CHECKSUM;
        frame.set(ValueLayout.JAVA_BYTE, checksum, (byte) (frame.get(ValueLayout.JAVA_BYTE, checksum) ^ 0x5a));
        assertThat(handle(PORT, frame)).isEqualTo(DhcpCounter.BAD_UDP_CHECKSUM);

        // A zero checksum is "not computed" over IPv4 (RFC 768) and accepted.
        frame.set(ValueLayout.JAVA_SHORT_UNALIGNED, checksum, (short) 0);
        assertThat(handle(PORT, frame)).isEqualTo(DhcpCounter.OFFERED);
    }

    @Test
    void malformedDatagramsAndMessagesAreCounted() {
        MemorySegment good = frame(MAC, 0, -1, message(DhcpMessage.DISCOVER, MAC, 0, 0));
        int ipAt = EthernetFrame.HEADER_LENGTH;
        int dhcpAt = ipAt + Ipv4Packet.HEADER_LENGTH + UdpDatagram.HEADER_LENGTH;

        // Cut inside the Ethernet header, inside the DHCP header, and before the end option.
        for (int length : new int[] {10, dhcpAt + 100, dhcpAt + 244}) {
            MemorySegment cut = good.asSlice(0, length);
            DhcpCounter outcome = handle(PORT, cut);
            assertThat(outcome).as("cut at %d", length).isEqualTo(DhcpCounter.MALFORMED_DATAGRAM);
        }
        // A fragment.
        MemorySegment fragment = copy(good);
        Ipv4Packet ip = new Ipv4Packet().wrap(fragment, ipAt, (int) fragment.byteSize() - ipAt);
        ip.setFlagsAndFragmentOffset(false, true, 0);
        ip.fillHeaderChecksum();
        assertThat(handle(PORT, fragment)).isEqualTo(DhcpCounter.MALFORMED_DATAGRAM);
        // Not UDP to port 67.
        MemorySegment toOtherPort = frame(MAC, 0, -1, message(DhcpMessage.DISCOVER, MAC, 0, 0));
        new UdpDatagram().wrap(toOtherPort, ipAt + 20, 8).setDestinationPort(68);
        assertThat(handle(PORT, toOtherPort)).isEqualTo(DhcpCounter.MALFORMED_DATAGRAM);
        // A well-formed datagram whose DHCP message lacks the magic cookie, and one without an end option.
        MemorySegment noCookie = copy(good);
        noCookie.set(ValueLayout.JAVA_BYTE, dhcpAt + DhcpMessage.MAGIC_COOKIE, (byte) 0);
        new UdpDatagram().wrap(noCookie, ipAt + 20, (int) noCookie.byteSize() - ipAt - 20).setChecksum(0);
        assertThat(handle(PORT, noCookie)).isEqualTo(DhcpCounter.MALFORMED_DHCP);
        MemorySegment noEnd = copy(good);
        noEnd.set(ValueLayout.JAVA_BYTE, dhcpAt + DhcpMessage.OPTIONS + 3, (byte) 0);
        new UdpDatagram().wrap(noEnd, ipAt + 20, (int) noEnd.byteSize() - ipAt - 20).setChecksum(0);
        assertThat(handle(PORT, noEnd)).isEqualTo(DhcpCounter.MALFORMED_DHCP);
        assertThat(sent.frames).isEmpty();
    }

    @Test
    void everyPrefixOfARequestIsCountedWithoutAnswerOrException() {
        MemorySegment good = frame(MAC, 0, -1, message(DhcpMessage.DISCOVER, MAC, 0, 0, parameters(
            DHCLIENT_PARAMETERS)));
        for (int length = 0; length < good.byteSize(); length++) {
            DhcpCounter outcome = handle(PORT, good.asSlice(0, length));
            assertThat(outcome.kind()).as("prefix of %d", length).isEqualTo(DhcpCounter.Kind.IGNORED);
        }
        assertThat(sent.frames).isEmpty();
    }

    private static MemorySegment copy(MemorySegment segment) {
        return MemorySegment.ofArray(segment.toArray(ValueLayout.JAVA_BYTE));
    }
}
