package io.isthmus.bench;

import io.isthmus.agent.dataplane.DataplaneContext;
import io.isthmus.agent.dataplane.DataplaneCounter;
import io.isthmus.agent.dataplane.DataplaneCounters;
import io.isthmus.agent.dataplane.InboundPipeline;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.NetworkSettings;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.dataplane.OutboundPipeline;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.agent.dataplane.ResolutionCache;
import io.isthmus.agent.dataplane.ResolutionRequestQueue;
import io.isthmus.agent.dataplane.SubnetView;
import io.isthmus.agent.peering.ConnectionTable;
import io.isthmus.agent.peering.PeeringView;
import io.isthmus.agent.peering.TrafficMeters;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.channel.v1.PeerRangeInfo;
import io.isthmus.api.channel.v1.PeerSubnetInfo;
import io.isthmus.api.channel.v1.PeeringAttachmentInfo;
import io.isthmus.api.channel.v1.TrafficRuleInfo;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.wire.UdpDatagram;
import io.isthmus.xlat.Ipv6Slot;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The agents' unicast path within one subnet, the path of the peer-baseline benchmark's shape A: a UDP datagram from
 * a node on host A to a node on host B, through host A's {@link OutboundPipeline} (cached resolution, translation to
 * the substrate) and host B's {@link InboundPipeline} (anti-spoofing, translation back, delivery). Each host has the
 * network's view published, as a running agent does. The sinks read each packet's length (not inlined, as a device
 * write is not).
 *
 * <p>With {@code path=peering} the two nodes are in two peered networks that both use 10.0.0.0/24, each seeing the
 * other's through a 1:1 translation, attached to one peering router with a traffic rule each way: the same datagram
 * crosses three routers, both attachments' policies, the connection table and the meters.
 *
 * <p>Run with {@code scripts/bench-xlat UnicastPipelineBenchmark -prof gc}: {@code gc.alloc.rate.norm} must be
 * ~0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class UnicastPipelineBenchmark {
    private static final int OVERLAY = 0x123456;
    private static final OverlayAddressing ADDRESSING = OverlayAddressing.defaults();
    private static final Ipv6Prefix HOST_A = Ipv6Prefix.parse("2001:db8:0:100::/72");
    private static final Ipv6Prefix HOST_B = Ipv6Prefix.parse("2001:db8:0:200::/72");
    private static final int PEER_OVERLAY = 0x0abcde;
    private static final int SUBNET = Ipv4Address.parse("10.0.0.0");
    /** How the receiver's network sees the sender's, and the sender's the receiver's, with path=peering. */
    private static final int SENDER_SEEN = Ipv4Address.parse("10.8.0.0");
    private static final int RECEIVER_SEEN = Ipv4Address.parse("10.9.0.0");

    /** {@code network}: both nodes in one subnet; {@code peering}: in two peered networks. */
    @Param({"network", "peering"})
    public String path;

    /** UDP data bytes. */
    @Param({"64", "1400"})
    public int payload;

    private OutboundPipeline outbound;
    private InboundPipeline inbound;
    private MemorySegment template;
    private MemorySegment frame;
    private MemorySegment translated;
    private MemorySegment packet;
    private int frameLength;
    private int packetLength;
    private final CountingSinks sink = new CountingSinks();

    private static LocalPort port(int index, int overlay, String address) {
        int ipv4 = Ipv4Address.parse(address);
        int gateway = Ipv4Address.parse("10.0.0.1");
        return new LocalPort(index, "node-" + index, "if-" + index, overlay, ipv4, VirtualMacs.forInterface(ipv4),
            SUBNET, 24, gateway, VirtualMacs.router(gateway), true);
    }

    /**
     * Host {@code prefix} with {@code port}, its network's view (with {@code remote} as a member when in the same
     * network), {@code peering} as the network's peering view, and the resolution of {@code remote}.
     */
    private static DataplaneContext host(Ipv6Prefix prefix, LocalPort port, LocalPort remote, Ipv6Prefix remoteHost,
                                         PeeringView peering) {
        PortTable ports = new PortTable();
        ports.replaceAll(List.of(port));
        int gateway = Ipv4Address.parse("10.0.0.1");
        List<NetworkView.Member> members = new ArrayList<>(List.of(new NetworkView.Member(port.nodeId(),
            port.interfaceId(), "subnet-1", port.address(), port.mac(), "host", prefix.high(), prefix.low(), true)));
        if (remote.overlayId() == port.overlayId()) {
            members.add(new NetworkView.Member(remote.nodeId(), remote.interfaceId(), "subnet-1", remote.address(),
                remote.mac(), "other", remoteHost.high(), remoteHost.low(), false));
        }
        ports.replaceNetworks(List.of(new NetworkView(port.overlayId(), "net-" + port.overlayId(),
            NetworkSettings.DEFAULTS, List.of(new SubnetView("subnet-1", SUBNET, 24, gateway,
                VirtualMacs.router(gateway))), members, Map.of(), peering)));
        ResolutionCache cache = new ResolutionCache(1024);
        Ipv6Slot next = new Ipv6Slot();
        ADDRESSING.compose(remoteHost.high(), remoteHost.low(), remote.overlayId(), remote.address(), next);
        cache.install(remote.overlayId(), remote.address(), true, next.high, next.low, Long.MAX_VALUE / 2);
        return new DataplaneContext(ADDRESSING, prefix, ports, cache,
            new ResolutionRequestQueue(64, TimeUnit.SECONDS.toNanos(1)), () -> 0L);
    }

    /**
     * The peering view of a network attached by {@code local} that sees peer network {@code peerOverlay}'s 10.0.0.0/24
     * as {@code seen}/24, through one router; each attachment lets UDP in and out.
     */
    private static PeeringView peering(String local, String peer, int peerOverlay, int seen) {
        TrafficRuleInfo in = TrafficRuleInfo.newBuilder().setDirection(TrafficRuleInfo.Direction.IN)
            .setProtocol(IpProtocol.UDP).setFromPort(1).setToPort(65_535).build();
        TrafficRuleInfo out = in.toBuilder().setDirection(TrafficRuleInfo.Direction.OUT).build();
        return new PeeringView(NetworkPeeringInfo.newBuilder().setNetworkId("net-" + local).setVersion(1)
            .addAttachments(PeeringAttachmentInfo.newBuilder().setAttachmentId(local).setRouterId("router-1")
                .addRules(in).addRules(out))
            .addPeers(PeerRangeInfo.newBuilder().setPrefix(seen).setLength(24).setPeerOverlayId(peerOverlay)
                .setPeerPrefix(SUBNET).setPeerNetworkId("net-" + peer).setLocalAttachmentId(local)
                .setPeerAttachmentId(peer).addPeerRules(in).addPeerRules(out)
                .addRouterHops(Ipv4Address.parse("100.64.0.7")).addRouterIds("router-1")
                .addPeerSubnets(PeerSubnetInfo.newBuilder().setPrefix(seen).setLength(24).setGateway(seen | 1)))
            .build(), new TrafficMeters(), new ConnectionTable(65_536), problem -> {
                throw new IllegalStateException(problem);
            });
    }

    /** Both hosts, their caches filled, the datagram and its translation. */
    @Setup
    public void setUp() {
        boolean peered = path.equals("peering");
        LocalPort sender = port(0, OVERLAY, "10.0.0.4");
        LocalPort receiver = port(0, peered ? PEER_OVERLAY : OVERLAY, "10.0.0.5");
        outbound = new OutboundPipeline(host(HOST_A, sender, receiver, HOST_B,
            peered ? peering("att-a", "att-b", PEER_OVERLAY, RECEIVER_SEEN) : PeeringView.NONE),
            new DataplaneCounters());
        inbound = new InboundPipeline(host(HOST_B, receiver, sender, HOST_A,
            peered ? peering("att-b", "att-a", OVERLAY, SENDER_SEEN) : PeeringView.NONE), new DataplaneCounters());
        DataplaneCounter sent = peered ? DataplaneCounter.SENT_TO_PEER : DataplaneCounter.SENT_TO_SUBSTRATE;
        DataplaneCounter delivered = peered ? DataplaneCounter.DELIVERED_FROM_PEER
            : DataplaneCounter.DELIVERED_FROM_SUBSTRATE;
        Arena arena = Arena.ofAuto();
        frameLength = EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH + UdpDatagram.HEADER_LENGTH + payload;
        template = arena.allocate(frameLength);
        frame = arena.allocate(frameLength);
        EthernetFrame ethernet = new EthernetFrame().wrap(template, 0, frameLength);
        ethernet.setDestination(receiver.mac());
        ethernet.setSource(sender.mac());
        ethernet.setOuterEtherType(EtherType.IPV4);
        int ipLength = frameLength - EthernetFrame.HEADER_LENGTH;
        Ipv4Packet ip = new Ipv4Packet().wrap(template, EthernetFrame.HEADER_LENGTH, ipLength);
        ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        ip.setTotalLength(ipLength);
        ip.setFlagsAndFragmentOffset(true, false, 0);
        ip.setTtl(64);
        ip.setProtocol(IpProtocol.UDP);
        ip.setSource(sender.address());
        ip.setDestination(peered ? RECEIVER_SEEN | receiver.address() & 0xff : receiver.address());
        ip.fillHeaderChecksum();
        UdpDatagram udp = new UdpDatagram().wrap(template, EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH,
            ipLength - Ipv4Packet.HEADER_LENGTH);
        udp.setSourcePort(4000);
        udp.setDestinationPort(5000);
        udp.setDatagramLength(ipLength - Ipv4Packet.HEADER_LENGTH);
        udp.fillChecksum(ip.pseudoHeaderSum(ipLength - Ipv4Packet.HEADER_LENGTH));
        translated = arena.allocate(frameLength + 40);
        packet = arena.allocate(frameLength + 40);
        sink.capture = translated;
        MemorySegment.copy(template, 0, frame, 0, frameLength);
        if (outbound.process(0, frame, 0, frameLength, sink) != sent) {
            throw new IllegalStateException("the datagram did not go to the substrate");
        }
        packetLength = sink.captured;
        sink.capture = null;
        MemorySegment.copy(translated, 0, packet, 0, packetLength);
        if (inbound.process(packet, 0, packetLength, sink) != delivered) {
            throw new IllegalStateException("the translation was not delivered");
        }
    }

    /** Host A: a node's datagram translated to the substrate. */
    @Benchmark
    public long send() {
        MemorySegment.copy(template, 0, frame, 0, frameLength);
        outbound.process(0, frame, 0, frameLength, sink);
        return sink.bytes;
    }

    /** Host B: the substrate packet translated back and delivered to the node. */
    @Benchmark
    public long receive() {
        MemorySegment.copy(translated, 0, packet, 0, packetLength);
        inbound.process(packet, 0, packetLength, sink);
        return sink.bytes;
    }
}
