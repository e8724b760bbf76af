package io.isthmus.agent.router.dhcp;

import io.isthmus.agent.dataplane.DataplaneSinks;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.NetworkSettings;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.router.RouterService;
import io.isthmus.wire.Checksum;
import io.isthmus.wire.DhcpMessage;
import io.isthmus.wire.DhcpOptionsIterator;
import io.isthmus.wire.DhcpOptionsWriter;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.MacAddress;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.wire.WireStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The DHCP server of every virtual router on this host (RFC 2131): it gives each node interface the address, mask,
 * gateway, MTU and name servers configured for it, from the subnet's gateway address and the router's MAC, on the
 * interface's own port only.
 *
 * <p>The address is not allocated: it is the interface's configured address ({@link LocalPort#address()}), so the
 * server is authoritative for it. A DHCPDISCOVER gets an OFFER of it; a DHCPREQUEST in any client state
 * (selecting, init-reboot, renewing, rebinding: RFC 2131 section 4.3.2) gets an ACK when it names that address and
 * a NAK when it names another (of the subnet, or of another subnet: the node moved). A renewal the server has no
 * lease for (the agent restarted) is acknowledged all the same: the configuration is the record. DHCPINFORM gets
 * the parameters without a lease (section 4.3.5), DHCPRELEASE forgets the lease, DHCPDECLINE is logged for the
 * operator (section 4.3.3; there is no other address to offer). A new binding and a release are logged too
 * ({@code event=dhcp-bound}, {@code event=dhcp-released}); renewals are only counted.
 *
 * <p>Only the interface's own client is served: a message whose {@code chaddr} is not the port's MAC gets nothing
 * (an appliance may send other source MACs; a client behind it is not the interface's). Relayed messages
 * ({@code giaddr} set) are ignored: a virtual subnet is one link. Every message ends in one {@link DhcpCounter}.
 *
 * <p>Options of OFFER and ACK (RFC 2132): message type, server identifier (the gateway), lease time and T1/T2 at
 * 50% and 87.5% of it (RFC 2131 section 4.4.5), then subnet mask, router, domain name servers (when the network has
 * some), interface MTU and broadcast address (prefixes up to /30), those the client's parameter request list names
 * first, in its order (RFC 2132 section 9.8), then the others; all within the client's maximum message size
 * (option 57, at least 576 octets of IP datagram).
 *
 * <p>Replies follow RFC 2131 section 4.1 for a client on the server's link: NAK is broadcast; an answer to a client
 * that has an address ({@code ciaddr}) is unicast to it; otherwise to 255.255.255.255 when the broadcast bit is set,
 * else unicast to {@code yiaddr} at the client's MAC.
 *
 * <p>Runs on the router service thread: one message at a time, views and reply buffer reused; it may allocate a
 * little per message (a lease record), never throws on bad input.
 */
public final class DhcpServer implements RouterService {
    /** TTL of the replies: the router originates them, as a host would (RFC 1700 default). */
    static final int REPLY_TTL = 64;
    /** How long an offer is remembered without a request. */
    static final long OFFER_HOLD_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Octets of IP and UDP header before the DHCP message. */
    private static final int IP_UDP = Ipv4Packet.HEADER_LENGTH + UdpDatagram.HEADER_LENGTH;
    private static final int REPLY_OFFSET = EthernetFrame.HEADER_LENGTH + IP_UDP;
    /** The largest reply: a 1500-octet IP datagram; larger maximum sizes are clipped to it. */
    private static final int MAX_REPLY_DATAGRAM = 1500;
    private static final int LIMITED_BROADCAST = -1;

    private final Consumer<String> log;
    private final LongSupplier clock;
    private final DhcpCounters counters = new DhcpCounters();
    private final Map<Integer, DhcpLease> leases = new ConcurrentHashMap<>();

    private final EthernetFrame frame = new EthernetFrame();
    private final Ipv4Packet ip = new Ipv4Packet();
    private final UdpDatagram udp = new UdpDatagram();
    private final DhcpMessage request = new DhcpMessage();
    private final DhcpOptionsIterator options = new DhcpOptionsIterator();

    private final MemorySegment replyBuffer =
        Arena.ofAuto().allocate(EthernetFrame.HEADER_LENGTH + MAX_REPLY_DATAGRAM, 8);
    private final EthernetFrame replyFrame = new EthernetFrame();
    private final Ipv4Packet replyIp = new Ipv4Packet();
    private final UdpDatagram replyUdp = new UdpDatagram();
    private final DhcpMessage reply = new DhcpMessage();
    private final DhcpOptionsWriter writer = new DhcpOptionsWriter();

    // The request's options, read once per message.
    private int messageType;
    private int requestedAddress;
    private boolean hasRequestedAddress;
    private int serverIdentifier;
    private boolean hasServerIdentifier;
    private int maxMessageSize;
    private final byte[] parameterRequests = new byte[255 * 4];
    private int parameterRequestCount;

    /** A server on the system clock whose notable events (bindings, releases, declined addresses) go to {@code log}. */
    public DhcpServer(Consumer<String> log) {
        this(log, System::nanoTime);
    }

    /** A server on {@code clock} (nanoseconds, as {@link System#nanoTime()}). */
    public DhcpServer(Consumer<String> log, LongSupplier clock) {
        this.log = log;
        this.clock = clock;
    }

    /** The counters, one per outcome. */
    public DhcpCounters counters() {
        return counters;
    }

    /** The leases and offers now, by port index (a copy). */
    public List<DhcpLease> leases() {
        return new ArrayList<>(leases.values());
    }

    /** The lease or offer of the port {@code portIndex}, or null. */
    public DhcpLease lease(int portIndex) {
        return leases.get(portIndex);
    }

    /** Number of bound leases now. */
    public int boundLeases() {
        int bound = 0;
        for (DhcpLease lease : leases.values()) {
            bound += lease.state() == DhcpLease.State.BOUND ? 1 : 0;
        }
        return bound;
    }

    @Override
    public void handle(LocalPort port, NetworkView network, MemorySegment segment, int length, DataplaneSinks out) {
        counters.increment(serve(port, network, segment, length, out));
    }

    /** Forgets offers and leases that have lapsed. */
    @Override
    public void tick(long nanoTime, DataplaneSinks out) {
        leases.values().removeIf(lease -> lease.expired(nanoTime));
    }

    private DhcpCounter serve(LocalPort port, NetworkView network, MemorySegment segment, int length,
                              DataplaneSinks out) {
        if (frame.wrap(segment, 0, length).checkLength() != WireStatus.OK || frame.hasVlanTag()
            || frame.etherType() != EtherType.IPV4) {
            return DhcpCounter.MALFORMED_DATAGRAM;
        }
        int l3 = EthernetFrame.HEADER_LENGTH;
        if (ip.wrap(segment, l3, length - l3).checkLength() != WireStatus.OK || !ip.verifyHeaderChecksum()
            || ip.protocol() != IpProtocol.UDP || ip.isFragment()) {
            return DhcpCounter.MALFORMED_DATAGRAM;
        }
        int l4 = l3 + ip.headerLength();
        if (udp.wrap(segment, l4, ip.length() - ip.headerLength()).checkLength() != WireStatus.OK
            || udp.destinationPort() != DhcpMessage.SERVER_PORT) {
            return DhcpCounter.MALFORMED_DATAGRAM;
        }
        if (udp.checksum() != 0 && !udp.verifyChecksum(ip.pseudoHeaderSum(udp.length()))) {
            return DhcpCounter.BAD_UDP_CHECKSUM;
        }
        if (request.wrap(segment, l4 + UdpDatagram.HEADER_LENGTH, udp.payloadLength()).checkLength()
            != WireStatus.OK) {
            return DhcpCounter.MALFORMED_DHCP;
        }
        if (request.op() != DhcpMessage.BOOT_REQUEST) {
            return DhcpCounter.NOT_A_CLIENT_MESSAGE;
        }
        if (!request.isEthernet()) {
            return DhcpCounter.NOT_ETHERNET;
        }
        if (request.relayAgentAddress() != 0) {
            return DhcpCounter.RELAYED;
        }
        if (request.clientMac() != port.mac()) {
            return DhcpCounter.UNKNOWN_CLIENT;
        }
        readOptions();
        NetworkSettings settings = network != null ? network.settings() : NetworkSettings.DEFAULTS;
        return switch (messageType) {
            case DhcpMessage.DISCOVER -> discover(port, settings, out);
            case DhcpMessage.REQUEST -> request(port, settings, out);
            case DhcpMessage.INFORM -> inform(port, settings, out);
            case DhcpMessage.RELEASE -> release(port);
            case DhcpMessage.DECLINE -> decline(port);
            default -> DhcpCounter.NOT_A_CLIENT_MESSAGE;
        };
    }

    private void readOptions() {
        messageType = 0;
        hasRequestedAddress = false;
        hasServerIdentifier = false;
        maxMessageSize = 0;
        parameterRequestCount = 0;
        options.reset(request);
        while (options.next()) {
            int length = options.dataLength();
            switch (options.code()) {
                case DhcpOptionsIterator.MESSAGE_TYPE -> messageType = length == 1 ? options.dataU8(0) : 0;
                case DhcpOptionsIterator.REQUESTED_ADDRESS -> {
                    hasRequestedAddress = length == 4;
                    requestedAddress = hasRequestedAddress ? options.dataU32(0) : 0;
                }
                case DhcpOptionsIterator.SERVER_IDENTIFIER -> {
                    hasServerIdentifier = length == 4;
                    serverIdentifier = hasServerIdentifier ? options.dataU32(0) : 0;
                }
                case DhcpOptionsIterator.MAX_MESSAGE_SIZE -> maxMessageSize = length == 2 ? options.dataU16(0) : 0;
                case DhcpOptionsIterator.PARAMETER_REQUEST_LIST -> {
                    // Several instances are one list split in parts (RFC 3396).
                    for (int i = 0; i < length && parameterRequestCount < parameterRequests.length; i++) {
                        parameterRequests[parameterRequestCount++] = (byte) options.dataU8(i);
                    }
                }
                default -> {
                    // Other options (host name, client identifier, vendor class) do not change the answer.
                }
            }
        }
    }

    private DhcpCounter discover(LocalPort port, NetworkSettings settings, DataplaneSinks out) {
        long now = clock.getAsLong();
        remember(port, DhcpLease.State.OFFERED, now, now + OFFER_HOLD_NANOS);
        answer(port, settings, DhcpMessage.OFFER, port.address(), 0, true, out);
        return DhcpCounter.OFFERED;
    }

    /** A DHCPREQUEST: which client state sent it is told by its fields (RFC 2131 section 4.3.2). */
    private DhcpCounter request(LocalPort port, NetworkSettings settings, DataplaneSinks out) {
        int ciaddr = request.clientAddress();
        DhcpCounter acked;
        int claimed;
        if (hasServerIdentifier) {
            if (serverIdentifier != port.gateway()) {
                // The client took another server's offer: ours lapses.
                leases.remove(port.index());
                return DhcpCounter.OTHER_SERVER;
            }
            if (!hasRequestedAddress) {
                return DhcpCounter.INVALID_REQUEST;
            }
            acked = DhcpCounter.ACKED_SELECTING;
            claimed = requestedAddress;
        } else if (hasRequestedAddress) {
            acked = DhcpCounter.ACKED_INIT_REBOOT;
            claimed = requestedAddress;
        } else if (ciaddr != 0) {
            // Renewing clients unicast to the server that granted the lease; rebinding ones broadcast (RFC 2131
            // section 4.4.5). A renewal unicast elsewhere is for another server.
            int destination = ip.destination();
            if (destination == port.gateway()) {
                acked = DhcpCounter.ACKED_RENEWING;
            } else if (destination == LIMITED_BROADCAST || destination == port.subnetBroadcast()) {
                acked = DhcpCounter.ACKED_REBINDING;
            } else {
                return DhcpCounter.OTHER_SERVER;
            }
            claimed = ciaddr;
        } else {
            return DhcpCounter.INVALID_REQUEST;
        }
        if (claimed != port.address()) {
            leases.remove(port.index());
            nak(port, out);
            return port.inSubnet(claimed) ? DhcpCounter.NAKED_WRONG_ADDRESS : DhcpCounter.NAKED_WRONG_SUBNET;
        }
        long now = clock.getAsLong();
        DhcpLease previous = remember(port, DhcpLease.State.BOUND, now,
            now + TimeUnit.SECONDS.toNanos(settings.dhcpLeaseSeconds()));
        if (previous == null || previous.state() != DhcpLease.State.BOUND
            || !previous.interfaceId().equals(port.interfaceId())) {
            // Renewals of a bound lease are counted, not logged: one line per binding.
            log.accept("event=dhcp-bound node=" + port.nodeId() + " interface=" + port.interfaceId() + " address="
                + Ipv4Address.format(port.address()) + " lease_seconds=" + settings.dhcpLeaseSeconds() + " state="
                + acked.name().substring("ACKED_".length()).toLowerCase(Locale.ROOT));
        }
        answer(port, settings, DhcpMessage.ACK, port.address(), ciaddr, true, out);
        return acked;
    }

    private DhcpCounter inform(LocalPort port, NetworkSettings settings, DataplaneSinks out) {
        // No lease, no yiaddr: the client configured its address itself (RFC 2131 section 4.3.5).
        answer(port, settings, DhcpMessage.ACK, 0, request.clientAddress(), false, out);
        return DhcpCounter.ACKED_INFORM;
    }

    private DhcpCounter release(LocalPort port) {
        if (!hasServerIdentifier || serverIdentifier != port.gateway()) {
            return DhcpCounter.OTHER_SERVER;
        }
        if (request.clientAddress() != port.address()) {
            return DhcpCounter.INVALID_REQUEST;
        }
        if (leases.remove(port.index()) != null) {
            log.accept("event=dhcp-released node=" + port.nodeId() + " interface=" + port.interfaceId()
                + " address=" + Ipv4Address.format(port.address()));
        }
        return DhcpCounter.RELEASED;
    }

    private DhcpCounter decline(LocalPort port) {
        if (!hasServerIdentifier || serverIdentifier != port.gateway()) {
            return DhcpCounter.OTHER_SERVER;
        }
        leases.remove(port.index());
        // RFC 2131 section 4.3.3: the address is marked unavailable and the administrator told. The address is the
        // interface's configured one, so there is nothing else to offer: the operator must resolve the conflict.
        log.accept("event=dhcp-declined node=" + port.nodeId() + " interface=" + port.interfaceId() + " address="
            + Ipv4Address.format(hasRequestedAddress ? requestedAddress : port.address())
            + " reason=\"the client found the address in use\"");
        return DhcpCounter.DECLINED;
    }

    /** Records the port's offer or lease; returns the one it replaces, or null. */
    private DhcpLease remember(LocalPort port, DhcpLease.State state, long now, long expires) {
        return leases.put(port.index(), new DhcpLease(port.index(), port.nodeId(), port.interfaceId(), port.mac(),
            port.address(), state, now, expires));
    }

    /** Writes and sends an OFFER or ACK; {@code lease} false for the ACK of an INFORM. */
    private void answer(LocalPort port, NetworkSettings settings, int type, int yiaddr, int ciaddr, boolean lease,
                        DataplaneSinks out) {
        startReply(port, settings, type, yiaddr, ciaddr);
        if (lease) {
            long seconds = settings.dhcpLeaseSeconds();
            writer.putU32(DhcpOptionsIterator.LEASE_TIME, (int) seconds);
            writer.putU32(DhcpOptionsIterator.RENEWAL_TIME, (int) (seconds / 2));
            writer.putU32(DhcpOptionsIterator.REBINDING_TIME, (int) (seconds * 7 / 8));
        }
        // Requested parameters first, in the client's order; then those it did not ask for (RFC 2131 section
        // 4.3.1: parameters the server is configured to provide are sent anyway).
        long written = 0;
        for (int i = 0; i < parameterRequestCount; i++) {
            int code = parameterRequests[i] & 0xff;
            if (code < 64 && (written & (1L << code)) == 0 && parameter(port, settings, code)) {
                written |= 1L << code;
            }
        }
        for (int code : PARAMETERS) {
            if ((written & (1L << code)) == 0) {
                parameter(port, settings, code);
            }
        }
        int destination = ciaddr != 0 ? ciaddr : request.isBroadcast() || yiaddr == 0 ? LIMITED_BROADCAST : yiaddr;
        send(port, destination, destination == LIMITED_BROADCAST ? MacAddress.BROADCAST : port.mac(), out);
    }

    /** The text of a NAK (option 56, RFC 2132 section 9.9): why the client's address is refused. */
    private static final byte[] NAK_MESSAGE =
        "address not configured for this interface".getBytes(StandardCharsets.US_ASCII);

    /** The parameters the server provides, in the order it sends those not requested. */
    private static final int[] PARAMETERS = {DhcpOptionsIterator.SUBNET_MASK, DhcpOptionsIterator.ROUTER,
        DhcpOptionsIterator.DOMAIN_NAME_SERVER, DhcpOptionsIterator.INTERFACE_MTU,
        DhcpOptionsIterator.BROADCAST_ADDRESS};

    /** Writes parameter {@code code} if the server provides it and it fits; whether it did. */
    private boolean parameter(LocalPort port, NetworkSettings settings, int code) {
        return switch (code) {
            case DhcpOptionsIterator.SUBNET_MASK -> writer.putU32(code, port.subnetMask());
            case DhcpOptionsIterator.ROUTER -> writer.putU32(code, port.gateway());
            case DhcpOptionsIterator.DOMAIN_NAME_SERVER -> {
                List<Integer> servers = settings.dnsServers();
                int count = Math.min(servers.size(), 255 / 4);
                if (count == 0 || !writer.begin(code, 4 * count)) {
                    yield false;
                }
                for (int i = 0; i < count; i++) {
                    writer.u32(servers.get(i));
                }
                yield true;
            }
            case DhcpOptionsIterator.INTERFACE_MTU -> writer.putU16(code, settings.mtu());
            // A /31 or /32 has no broadcast address (RFC 3021).
            case DhcpOptionsIterator.BROADCAST_ADDRESS ->
                port.subnetPrefixLength() <= 30 && writer.putU32(code, port.subnetBroadcast());
            default -> false;
        };
    }

    private void nak(LocalPort port, DataplaneSinks out) {
        startReply(port, null, DhcpMessage.NAK, 0, 0);
        writer.putBytes(DhcpOptionsIterator.MESSAGE, NAK_MESSAGE);
        // Broadcast whatever the client asked (RFC 2131 section 4.1): it may hold a wrong address.
        send(port, LIMITED_BROADCAST, MacAddress.BROADCAST, out);
    }

    /** The header and first options of a reply (RFC 2131 table 3). */
    private void startReply(LocalPort port, NetworkSettings settings, int type, int yiaddr, int ciaddr) {
        int limit = MAX_REPLY_DATAGRAM - IP_UDP;
        int clientLimit = maxMessageSize >= 576 ? maxMessageSize - IP_UDP : DhcpMessage.DEFAULT_MAX_LENGTH;
        limit = Math.min(limit, clientLimit);
        if (settings != null) {
            limit = Math.min(limit, settings.mtu() - IP_UDP);
        }
        reply.wrap(replyBuffer, REPLY_OFFSET, MAX_REPLY_DATAGRAM - IP_UDP);
        reply.setOp(DhcpMessage.BOOT_REPLY);
        reply.setHardwareType(request.hardwareType());
        reply.setHardwareLength(request.hardwareLength());
        reply.setHops(0);
        reply.setTransactionId(request.transactionId());
        reply.setSeconds(0);
        reply.setFlags(request.flags());
        reply.setClientAddress(ciaddr);
        reply.setYourAddress(yiaddr);
        reply.setServerAddress(0);
        reply.setRelayAgentAddress(0);
        reply.setClientMac(request.clientMac());
        reply.clearServerNameAndBootFile();
        reply.setMagicCookie();
        writer.reset(reply, Math.max(limit, DhcpMessage.MIN_BOOTP_LENGTH));
        writer.putU8(DhcpOptionsIterator.MESSAGE_TYPE, type);
        writer.putU32(DhcpOptionsIterator.SERVER_IDENTIFIER, port.gateway());
    }

    /** Finishes the reply, wraps it in UDP, IPv4 and Ethernet from the router, and writes it to the port. */
    private void send(LocalPort port, int destination, long destinationMac, DataplaneSinks out) {
        int dhcpLength = writer.finish();
        int udpLength = UdpDatagram.HEADER_LENGTH + dhcpLength;
        int ipLength = Ipv4Packet.HEADER_LENGTH + udpLength;
        replyIp.wrap(replyBuffer, EthernetFrame.HEADER_LENGTH, ipLength);
        replyIp.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        replyIp.setTos(0);
        replyIp.setTotalLength(ipLength);
        replyIp.setIdentification(0);
        replyIp.setFlagsAndFragmentOffset(false, false, 0);
        replyIp.setTtl(REPLY_TTL);
        replyIp.setProtocol(IpProtocol.UDP);
        replyIp.setSource(port.gateway());
        replyIp.setDestination(destination);
        replyIp.fillHeaderChecksum();
        replyUdp.wrap(replyBuffer, EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH, udpLength);
        replyUdp.setSourcePort(DhcpMessage.SERVER_PORT);
        replyUdp.setDestinationPort(DhcpMessage.CLIENT_PORT);
        replyUdp.setDatagramLength(udpLength);
        replyUdp.fillChecksum(Checksum.ipv4PseudoHeader(port.gateway(), destination, IpProtocol.UDP, udpLength));
        replyFrame.wrap(replyBuffer, 0, EthernetFrame.HEADER_LENGTH + ipLength);
        replyFrame.setDestination(destinationMac);
        replyFrame.setSource(port.routerMac());
        replyFrame.setOuterEtherType(EtherType.IPV4);
        out.toPort(port.index(), replyBuffer, 0, EthernetFrame.HEADER_LENGTH + ipLength);
    }
}
