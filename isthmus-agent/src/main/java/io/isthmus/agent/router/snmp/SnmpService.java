package io.isthmus.agent.router.snmp;

import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.dataplane.RouterInterfaceCounters;
import io.isthmus.agent.dataplane.SubnetView;
import io.isthmus.agent.dataplane.VirtualRouterCounters;
import io.isthmus.agent.router.RouterService;
import io.isthmus.wire.Checksum;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The virtual routers' SNMP agent (issue 5): answers SNMPv2c GetRequest, GetNextRequest and GetBulkRequest sent to
 * UDP port 161 of a subnet's gateway, from the gateway's address, to the requester's address and port, with the
 * network's community ({@code NetworkSettings.snmpCommunity}; null: SNMP is off and nothing is answered). A node asks
 * its own subnet's router, or another subnet's across its own (the answer then crosses it back: TTL 63); the answer
 * comes from the MAC of the node's own router, its next hop.
 *
 * <p>What a router shows ({@link SystemMib}):
 * <ul>
 *   <li>system: sysDescr names the subnet and network, sysName is the router's gateway address
 *       ({@code gw-10.0.0.1}), sysLocation the host whose agent answered (each agent emulates the router for its own
 *       nodes), sysObjectID the placeholder {@link SystemMib#ISTHMUS_VIRTUAL_ROUTER}, sysServices 4 (a router),
 *       sysUpTime the time since this agent's SNMP service started;</li>
 *   <li>interfaces: each subnet has its own router, and packets between subnets cross two of them, the sender's
 *       and the destination's (as the data plane emulates them). A router has two interfaces: ifIndex 1 in its
 *       subnet (ifDescr {@code subnet <id> <cidr>}, ifName the subnet id, ifType ethernetCsmacd, ifPhysAddress the
 *       router's MAC), and ifIndex 2, its uplink to the other subnets' routers of the network (ifName
 *       {@code uplink}, ifType propVirtual, no physical address). Both have the network's MTU and a nominal speed of
 *       10 Gb/s (ifSpeed at its maximum, ifHighSpeed 10000), and are up since the router's SNMP service started;</li>
 *   <li>counters: what crossed the router or was addressed to it on this host ({@link RouterInterfaceCounters}): the
 *       agent answering sees the packets its own nodes sent; the router's traffic is the sum over agents.</li>
 *   <li>snmp: this router's SNMP statistics (RFC 3418).</li>
 * </ul>
 *
 * <p>Responses are limited to the network MTU less the IP and UDP headers (never fragmented); GetBulk is cut to fit
 * (RFC 3416 section 4.2.3). Every datagram that is not answered is counted ({@link Counter}). Runs on the routers'
 * slow-path thread only.
 */
public final class SnmpService implements RouterService {
    /** The UDP port of SNMP agents (RFC 3417 section 3.1). */
    public static final int PORT = 161;
    /** The nominal speed of a router interface: 10 Gb/s. */
    static final long SPEED = 10_000_000_000L;
    private static final int TTL = 64;
    private static final int HEADERS = EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH
        + UdpDatagram.HEADER_LENGTH;

    /** What became of the datagrams handed to the service. */
    public enum Counter {
        /** Answered. */
        ANSWERED,
        /** Not a well-formed unfragmented IPv4/UDP datagram to port 161. */
        MALFORMED_DATAGRAM,
        /** To an address that is no virtual router's of the network. */
        NOT_A_ROUTER,
        /** A bad IPv4 header checksum. */
        BAD_IP_CHECKSUM,
        /** A bad UDP checksum. */
        BAD_UDP_CHECKSUM,
        /** The agent has no view of the port's network yet. */
        NO_NETWORK,
        /** The network has no SNMP community: SNMP is off. */
        SNMP_OFF,
        /** Another community (snmpInBadCommunityNames). */
        BAD_COMMUNITY,
        /** Another SNMP version (snmpInBadVersions). */
        BAD_VERSION,
        /** Not a valid SNMP message (snmpInASNParseErrs). */
        MALFORMED_MESSAGE,
        /** A PDU an agent does not answer (a Response). */
        UNEXPECTED_PDU,
        /** Too big even as tooBig (snmpSilentDrops). */
        TOO_BIG
    }

    /** One router's SNMP state: its statistics and the MIB of the last network view. */
    private static final class Router {
        final SnmpStatistics statistics = new SnmpStatistics();
        final SnmpResponder responder = new SnmpResponder(statistics);
        NetworkView view;
        MibTree mib;
    }

    private final String hostId;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final Map<String, Router> routers = new HashMap<>();
    private final Map<Counter, AtomicLong> counters = new EnumMap<>(Counter.class);
    private final EthernetFrame frame = new EthernetFrame();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final UdpDatagram udp = new UdpDatagram();
    private final MemorySegment reply = Arena.ofAuto().allocate(HEADERS + 65_535, 8);
    private final EthernetFrame replyFrame = new EthernetFrame();
    private final Ipv4Packet replyIp = new Ipv4Packet();
    private final UdpDatagram replyUdp = new UdpDatagram();

    /**
     * A service that names {@code hostId} as the routers' location, on the clock {@code nanoClock}
     * ({@link System#nanoTime()} scale), which starts sysUpTime now.
     */
    public SnmpService(String hostId, LongSupplier nanoClock) {
        this.hostId = hostId;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        for (Counter counter : Counter.values()) {
            counters.put(counter, new AtomicLong());
        }
    }

    /** The value of {@code counter}, from any thread. */
    public long get(Counter counter) {
        return counters.get(counter).get();
    }

    /** Every counter by name, zero or not; for reports. */
    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        counters.forEach((counter, value) -> out.put(counter.name(), value.get()));
        return out;
    }

    @Override
    public void handle(LocalPort port, NetworkView network, MemorySegment segment, int length, DataplaneSinks out) {
        Counter outcome = answer(port, network, segment, length, out);
        counters.get(outcome).incrementAndGet();
    }

    private Counter answer(LocalPort port, NetworkView network, MemorySegment segment, int length,
                           DataplaneSinks out) {
        if (frame.wrap(segment, 0, length).checkLength() != WireStatus.OK || frame.hasVlanTag()
            || frame.etherType() != EtherType.IPV4
            || ip.wrap(segment, EthernetFrame.HEADER_LENGTH, length - EthernetFrame.HEADER_LENGTH).checkLength()
                != WireStatus.OK
            || ip.protocol() != IpProtocol.UDP || ip.isFragment()) {
            return Counter.MALFORMED_DATAGRAM;
        }
        if (!ip.verifyHeaderChecksum()) {
            return Counter.BAD_IP_CHECKSUM;
        }
        int headerLength = ip.headerLength();
        if (udp.wrap(segment, ip.offset() + headerLength, ip.length() - headerLength).checkLength() != WireStatus.OK
            || udp.destinationPort() != PORT) {
            return Counter.MALFORMED_DATAGRAM;
        }
        // A zero UDP checksum over IPv4 means none was computed (RFC 768).
        if (udp.checksum() != 0 && !udp.verifyChecksum(ip.pseudoHeaderSum(udp.length()))) {
            return Counter.BAD_UDP_CHECKSUM;
        }
        if (network == null) {
            return Counter.NO_NETWORK;
        }
        String community = network.settings().snmpCommunity();
        if (community == null) {
            return Counter.SNMP_OFF;
        }
        // The router asked: the sender's own, or another subnet's, reached across the sender's router.
        int routerAddress = ip.destination();
        SubnetView subnet = network.subnetContaining(routerAddress);
        if (subnet == null || subnet.gateway() != routerAddress) {
            return Counter.NOT_A_ROUTER;
        }
        Router router = routers.computeIfAbsent(network.overlayId() + "/" + subnet.subnetId(), key -> new Router());
        MibTree mib = mib(router, network, subnet);
        int limit = network.settings().mtu() - Ipv4Packet.HEADER_LENGTH - UdpDatagram.HEADER_LENGTH;
        SnmpResponder.Result result = router.responder.answer(segment, udp.offset() + UdpDatagram.HEADER_LENGTH,
            udp.payloadLength(), community.getBytes(StandardCharsets.UTF_8), mib, limit);
        switch (result.outcome()) {
            case RESPONDED -> {
                boolean across = routerAddress != port.gateway();
                int sent = send(port, routerAddress, across ? TTL - 1 : TTL, result.response(), out);
                count(network, port.gateway(), routerAddress, length, sent);
                return Counter.ANSWERED;
            }
            case BAD_COMMUNITY -> {
                return Counter.BAD_COMMUNITY;
            }
            case BAD_VERSION -> {
                return Counter.BAD_VERSION;
            }
            case MALFORMED -> {
                return Counter.MALFORMED_MESSAGE;
            }
            case UNEXPECTED_PDU -> {
                return Counter.UNEXPECTED_PDU;
            }
            default -> {
                return Counter.TOO_BIG;
            }
        }
    }

    /**
     * Counts an answered request on the routers' interfaces: the sender's router's own answer leaves on its subnet
     * interface (the data plane counted the request); another router's request crossed the sender's router's uplink
     * into the other's uplink, and its answer comes back that way and out to the sender's subnet.
     */
    private static void count(NetworkView network, int gateway, int routerAddress, int requestLength, int sent) {
        VirtualRouterCounters own = network.routerCounters(gateway);
        if (own == null) {
            return;
        }
        if (routerAddress != gateway) {
            VirtualRouterCounters other = network.routerCounters(routerAddress);
            own.uplink().sent(requestLength);
            other.uplink().received(requestLength);
            other.uplink().sent(sent);
            own.uplink().received(sent);
        }
        own.subnet().sent(sent);
    }

    /**
     * Writes the response to the requester from router address {@code router} with {@code ttl}, turning the request's
     * headers around, through the sender's router (its MAC); returns the frame's length.
     */
    private int send(LocalPort port, int router, int ttl, SnmpMessage response, DataplaneSinks out) {
        int requester = ip.source();
        int requesterPort = udp.sourcePort();
        long requesterMac = frame.source();
        int messageLength = SnmpCodec.encodedLength(response);
        int udpLength = UdpDatagram.HEADER_LENGTH + messageLength;
        int ipLength = Ipv4Packet.HEADER_LENGTH + udpLength;
        SnmpCodec.encode(response, reply, HEADERS);
        EthernetFrame ethernet = replyFrame.wrap(reply, 0, EthernetFrame.HEADER_LENGTH + ipLength);
        ethernet.setDestination(requesterMac);
        ethernet.setSource(port.routerMac());
        ethernet.setOuterEtherType(EtherType.IPV4);
        Ipv4Packet header = replyIp.wrap(reply, EthernetFrame.HEADER_LENGTH, ipLength);
        header.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        header.setTos(0);
        header.setTotalLength(ipLength);
        header.setIdentification(0);
        // The response fits the MTU, so it can go with DF set, as path MTU discovery would send it (RFC 1191).
        header.setFlagsAndFragmentOffset(true, false, 0);
        header.setTtl(ttl);
        header.setProtocol(IpProtocol.UDP);
        header.setSource(router);
        header.setDestination(requester);
        header.fillHeaderChecksum();
        UdpDatagram datagram = replyUdp.wrap(reply, EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH,
            udpLength);
        datagram.setSourcePort(PORT);
        datagram.setDestinationPort(requesterPort);
        datagram.setDatagramLength(udpLength);
        datagram.fillChecksum(Checksum.ipv4PseudoHeader(router, requester, IpProtocol.UDP, udpLength));
        int frameLength = EthernetFrame.HEADER_LENGTH + ipLength;
        out.toPort(port.index(), reply, 0, frameLength);
        return frameLength;
    }

    /** The router's MIB for {@code network}, rebuilt when the view changes. */
    private MibTree mib(Router router, NetworkView network, SubnetView subnet) {
        if (router.view == network && router.mib != null) {
            return router.mib;
        }
        VirtualRouterCounters counters = network.routerCounters(subnet.gateway());
        int mtu = network.settings().mtu();
        String cidr = Ipv4Address.format(subnet.address()) + "/" + subnet.prefixLength();
        List<SystemMib.Interface> rows = List.of(
            new SystemMib.Interface(1, "subnet " + subnet.subnetId() + " " + cidr, subnet.subnetId(),
                SystemMib.IF_TYPE_ETHERNET, mtu, SPEED, subnet.routerMac(), true, 0,
                counters == null ? InterfaceCounter.Source.ZERO : source(counters.subnet())),
            new SystemMib.Interface(2, "uplink to the routers of the other subnets of network "
                + network.networkId(), "uplink", SystemMib.IF_TYPE_VIRTUAL, mtu, SPEED, -1, true, 0,
                counters == null ? InterfaceCounter.Source.ZERO : source(counters.uplink())));
        SystemMib.SystemInfo system = new SystemMib.SystemInfo(
            "Isthmus virtual router of subnet " + subnet.subnetId() + " " + cidr + " in network "
                + network.networkId(),
            SystemMib.ISTHMUS_VIRTUAL_ROUTER, "", "gw-" + Ipv4Address.format(subnet.gateway()),
            "emulated by the agent of " + hostId, SystemMib.SERVICES_ROUTER);
        router.view = network;
        router.mib = SystemMib.build(system, this::upTime, rows, router.statistics);
        return router.mib;
    }

    private static InterfaceCounter.Source source(RouterInterfaceCounters counters) {
        return counter -> switch (counter) {
            case IN_OCTETS -> counters.get(RouterInterfaceCounters.Counter.IN_OCTETS);
            case IN_UNICAST_PACKETS -> counters.get(RouterInterfaceCounters.Counter.IN_PACKETS);
            case IN_DISCARDS -> counters.get(RouterInterfaceCounters.Counter.IN_DISCARDS);
            case IN_ERRORS -> counters.get(RouterInterfaceCounters.Counter.IN_ERRORS);
            case IN_UNKNOWN_PROTOCOLS -> counters.get(RouterInterfaceCounters.Counter.IN_UNKNOWN_PROTOCOLS);
            case OUT_OCTETS -> counters.get(RouterInterfaceCounters.Counter.OUT_OCTETS);
            case OUT_UNICAST_PACKETS -> counters.get(RouterInterfaceCounters.Counter.OUT_PACKETS);
            case OUT_DISCARDS, OUT_ERRORS -> 0;
        };
    }

    /** Hundredths of a second since the service started (sysUpTime). */
    private long upTime() {
        return TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - startNanos) / 10;
    }
}
