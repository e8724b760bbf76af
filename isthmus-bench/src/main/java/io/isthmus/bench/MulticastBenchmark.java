package io.isthmus.bench;

import io.isthmus.agent.dataplane.DataplaneContext;
import io.isthmus.agent.dataplane.DataplaneCounter;
import io.isthmus.agent.dataplane.DataplaneCounters;
import io.isthmus.agent.dataplane.LocalPort;
import io.isthmus.agent.dataplane.MulticastGroups;
import io.isthmus.agent.dataplane.NetworkSettings;
import io.isthmus.agent.dataplane.NetworkView;
import io.isthmus.agent.dataplane.OutboundPipeline;
import io.isthmus.agent.dataplane.PortTable;
import io.isthmus.agent.dataplane.ResolutionCache;
import io.isthmus.agent.dataplane.ResolutionRequestQueue;
import io.isthmus.agent.dataplane.SubnetView;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.EtherType;
import io.isthmus.wire.EthernetFrame;
import io.isthmus.wire.IpProtocol;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Packet;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.wire.MacAddress;
import io.isthmus.wire.UdpDatagram;
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
 * The sending agent's replication of one multicast UDP datagram (100 bytes of data) from a node to {@code hosts} other
 * hosts with members, through the whole {@link OutboundPipeline}: one translation, then the IPv6 destination and UDP
 * checksum patched per copy. The sink reads each copy's length (not inlined, as a device write is not).
 *
 * <p>Run with {@code scripts/bench-xlat MulticastBenchmark}: {@code gc.alloc.rate.norm} must be ~0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class MulticastBenchmark {
    private static final int OVERLAY = 0x123456;
    private static final int GROUP = Ipv4Address.parse("239.1.1.1");

    /** Hosts with members of the group. */
    @Param({"1", "4", "16"})
    public int hosts;

    private OutboundPipeline pipeline;
    private MemorySegment template;
    private MemorySegment buffer;
    private int length;
    private final CountingSinks sink = new CountingSinks();

    /** The sender's port, network view, the group's remote members, and the datagram. */
    @Setup
    public void setUp() {
        int gateway = Ipv4Address.parse("10.0.1.1");
        int address = Ipv4Address.parse("10.0.1.10");
        LocalPort sender = new LocalPort(0, "node-sender", "if-0", OVERLAY, address,
            VirtualMacs.forInterface(address), Ipv4Address.parse("10.0.1.0"), 24, gateway,
            VirtualMacs.router(gateway), true);
        PortTable ports = new PortTable();
        ports.replaceAll(List.of(sender));
        ports.replaceNetworks(List.of(new NetworkView(OVERLAY, "net-bench", NetworkSettings.DEFAULTS,
            List.of(new SubnetView("subnet-1", Ipv4Address.parse("10.0.1.0"), 24, gateway,
                VirtualMacs.router(gateway))), List.of())));
        MulticastGroups groups = new MulticastGroups();
        List<MulticastGroups.RemoteHost> remote = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            Ipv6Prefix prefix = Ipv6Prefix.parse("2001:db8:0:" + Integer.toHexString(0x100 + i) + "::/72");
            remote.add(new MulticastGroups.RemoteHost(prefix.high(), prefix.low(),
                new int[] {Ipv4Address.parse("10.0.1.0")}));
        }
        groups.replaceRemote(OVERLAY, Map.of(GROUP, remote));
        DataplaneContext context = new DataplaneContext(OverlayAddressing.defaults(),
            Ipv6Prefix.parse("2001:db8:0:ff00::/72"), ports, new ResolutionCache(1024),
            new ResolutionRequestQueue(64, TimeUnit.SECONDS.toNanos(1)), System::nanoTime,
            io.isthmus.agent.dataplane.RouterPunt.NONE, groups);
        pipeline = new OutboundPipeline(context, new DataplaneCounters());
        Arena arena = Arena.ofAuto();
        length = EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH + UdpDatagram.HEADER_LENGTH + 100;
        template = arena.allocate(length);
        buffer = arena.allocate(2048);
        EthernetFrame frame = new EthernetFrame().wrap(template, 0, length);
        frame.setDestination(MacAddress.ofIpv4Multicast(GROUP));
        frame.setSource(sender.mac());
        frame.setOuterEtherType(EtherType.IPV4);
        int ipLength = length - EthernetFrame.HEADER_LENGTH;
        Ipv4Packet ip = new Ipv4Packet().wrap(template, EthernetFrame.HEADER_LENGTH, ipLength);
        ip.setVersionAndHeaderLength(Ipv4Packet.HEADER_LENGTH);
        ip.setTotalLength(ipLength);
        ip.setFlagsAndFragmentOffset(true, false, 0);
        ip.setTtl(4);
        ip.setProtocol(IpProtocol.UDP);
        ip.setSource(address);
        ip.setDestination(GROUP);
        ip.fillHeaderChecksum();
        UdpDatagram udp = new UdpDatagram().wrap(template, EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH,
            ipLength - Ipv4Packet.HEADER_LENGTH);
        udp.setSourcePort(4000);
        udp.setDestinationPort(5000);
        udp.setDatagramLength(ipLength - Ipv4Packet.HEADER_LENGTH);
        udp.fillChecksum(ip.pseudoHeaderSum(ipLength - Ipv4Packet.HEADER_LENGTH));
        MemorySegment.copy(template, 0, buffer, 0, length);
        if (pipeline.process(0, buffer, 0, length, sink) != DataplaneCounter.MULTICAST_REPLICATED
            || sink.toSubstrate != hosts) {
            throw new IllegalStateException("the datagram was not replicated to " + hosts + " hosts");
        }
    }

    /** One datagram replicated to every host. */
    @Benchmark
    public long replicate() {
        MemorySegment.copy(template, 0, buffer, 0, length);
        pipeline.process(0, buffer, 0, length, sink);
        return sink.bytes;
    }
}
