package io.isthmus.agent.dataplane;

import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.Ipv6Slot;
import io.isthmus.xlat.mapping.OverlayAddressing;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two hosts, A and B, of one network (overlay id 0x123456) with subnets 10.0.1.0/24 and 10.0.2.0/24; each host with
 * its port table, cache, request queue, counters and pipelines, on a fake clock.
 */
final class Fixture {
    static final OverlayAddressing ADDRESSING = OverlayAddressing.defaults();
    static final int OVERLAY = 0x123456;
    static final Ipv6Prefix PREFIX_A = Ipv6Prefix.parse("2001:db8:0:1:aa00::/72");
    static final Ipv6Prefix PREFIX_B = Ipv6Prefix.parse("2001:db8:0:2:bb00::/72");
    static final Ipv6Prefix PREFIX_C = Ipv6Prefix.parse("2001:db8:0:3:cc00::/72");
    static final int SUBNET1 = ip("10.0.1.0");
    static final int GATEWAY1 = ip("10.0.1.1");
    static final int SUBNET2 = ip("10.0.2.0");
    static final int GATEWAY2 = ip("10.0.2.1");
    static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** On host A: ports 0 and 1 in subnet 1, port 2 in subnet 2, port 3 an appliance in subnet 1. */
    static final LocalPort A0 = port(0, "10.0.1.10", 1, true);
    static final LocalPort A1 = port(1, "10.0.1.11", 1, true);
    static final LocalPort A2 = port(2, "10.0.2.20", 2, true);
    static final LocalPort A3 = port(3, "10.0.1.50", 1, false);
    /** On host B: port 5 in subnet 1, port 6 in subnet 2. */
    static final LocalPort B5 = port(5, "10.0.1.99", 1, true);
    static final LocalPort B6 = port(6, "10.0.2.77", 2, true);

    /** On host B, attached only by the tests that need it: port 7, an appliance in subnet 1. */
    static final LocalPort B7 = port(7, "10.0.1.70", 1, false);
    /** An appliance interface in subnet 1 on host C, which has no pipelines here. */
    static final int APPLIANCE_C = ip("10.0.1.60");

    final long[] now = {1_000_000_000L};
    final Host a;
    final Host b;

    Fixture() {
        a = new Host(PREFIX_A, List.of(A0, A1, A2, A3));
        b = new Host(PREFIX_B, List.of(B5, B6));
    }

    final class Host {
        final Ipv6Prefix prefix;
        final PortTable ports = new PortTable();
        final ResolutionCache cache = new ResolutionCache(1024);
        final ResolutionRequestQueue requests = new ResolutionRequestQueue(256, TimeUnit.SECONDS.toNanos(1));
        final DataplaneCounters counters = new DataplaneCounters();
        /** The kinds of the frames punted to the routers' slow path, in order; it refuses when {@code full}. */
        final List<RouterPunt.Kind> punted = new ArrayList<>();
        boolean full;
        /** The ports whose routing protocol packets the slow path wants (its participants). */
        final java.util.Set<Integer> routingParticipants = new java.util.HashSet<>();
        final DataplaneContext context;
        final OutboundPipeline outbound;
        final InboundPipeline inbound;

        Host(Ipv6Prefix prefix, List<LocalPort> attached) {
            this.prefix = prefix;
            ports.replaceAll(attached);
            long[] clock = now;
            context = new DataplaneContext(ADDRESSING, prefix, ports, cache, requests, () -> clock[0],
                new RouterPunt() {
                    @Override
                    public boolean offer(RouterPunt.Kind kind, int portIndex, MemorySegment segment, long offset,
                                         int length) {
                        return !full && punted.add(kind);
                    }

                    @Override
                    public boolean wants(RouterPunt.Kind kind, int portIndex) {
                        return switch (kind) {
                            case OSPF, RIP, BGP -> routingParticipants.contains(portIndex);
                            default -> true;
                        };
                    }
                });
            outbound = new OutboundPipeline(context, counters);
            inbound = new InboundPipeline(context, counters);
        }

        /**
         * Publishes the view of network {@link #OVERLAY}: subnets 10.0.1.0/24 and 10.0.2.0/24, MTU {@code mtu}, and as
         * members the ports of both hosts.
         */
        void publishNetwork(int mtu) {
            List<NetworkView.Member> members = new ArrayList<>();
            for (LocalPort port : List.of(A0, A1, A2, A3, B5, B6)) {
                Ipv6Prefix owner = port.index() >= 5 ? PREFIX_B : PREFIX_A;
                members.add(new NetworkView.Member(port.nodeId(), port.interfaceId(), "sub-" + (port.gateway()
                    == GATEWAY1 ? 1 : 2), port.address(), port.mac(), "host", owner.high(), owner.low(),
                    owner.equals(prefix)));
            }
            ports.replaceNetworks(List.of(new NetworkView(OVERLAY, "net-1",
                new NetworkSettings(mtu, List.of(), 86_400, null, false),
                List.of(new SubnetView("sub-1", SUBNET1, 24, GATEWAY1, VirtualMacs.router(GATEWAY1)),
                    new SubnetView("sub-2", SUBNET2, 24, GATEWAY2, VirtualMacs.router(GATEWAY2))), members)));
        }

        /**
         * Publishes the view of network {@link #OVERLAY} as {@link #publishNetwork(int)} does, with the subnets' route
         * tables {@code tables} (by subnet id: sub-1, sub-2), and two more members, appliances in subnet 1: B7 on
         * host B and {@link #APPLIANCE_C} on host C. A3 is an appliance too.
         */
        void publishNetwork(int mtu, Map<String, RouteTableView> tables) {
            List<NetworkView.Member> members = new ArrayList<>();
            for (LocalPort port : List.of(A0, A1, A2, A3, B5, B6, B7)) {
                Ipv6Prefix owner = port.index() >= 5 ? PREFIX_B : PREFIX_A;
                members.add(new NetworkView.Member(port.nodeId(), port.interfaceId(), "sub-" + (port.gateway()
                    == GATEWAY1 ? 1 : 2), port.address(), port.mac(), "host", owner.high(), owner.low(),
                    owner.equals(prefix), !port.sourceDestCheck()));
            }
            members.add(new NetworkView.Member("node-c", "if-c", "sub-1", APPLIANCE_C,
                VirtualMacs.forInterface(APPLIANCE_C), "host-c", PREFIX_C.high(), PREFIX_C.low(), false, true));
            ports.replaceNetworks(List.of(new NetworkView(OVERLAY, "net-1",
                new NetworkSettings(mtu, List.of(), 86_400, null, false),
                List.of(new SubnetView("sub-1", SUBNET1, 24, GATEWAY1, VirtualMacs.router(GATEWAY1)),
                    new SubnetView("sub-2", SUBNET2, 24, GATEWAY2, VirtualMacs.router(GATEWAY2))), members, tables)));
        }

        /** Installs an allowed entry: {@code ipv4} lives on the host owning {@code owner}. */
        void allow(int ipv4, Ipv6Prefix owner) {
            Ipv6Slot slot = substrate(owner, ipv4);
            cache.install(OVERLAY, ipv4, true, slot.high, slot.low, now[0] + TTL_NANOS);
        }

        void refuse(int ipv4) {
            cache.install(OVERLAY, ipv4, false, 0, 0, now[0] + TTL_NANOS);
        }
    }

    static Ipv6Slot substrate(Ipv6Prefix prefix, int ipv4) {
        Ipv6Slot slot = new Ipv6Slot();
        if (!ADDRESSING.compose(prefix.high(), prefix.low(), OVERLAY, ipv4, slot)) {
            throw new AssertionError();
        }
        return slot;
    }

    /** The next hop of appliance interface {@code port}, on the host with {@code host}. */
    static RouteTableView.NextHop hop(LocalPort port, Ipv6Prefix host) {
        return new RouteTableView.NextHop(port.nodeId(), port.interfaceId(), port.address(), port.mac(), host.high(),
            host.low());
    }

    /** The next hop of {@link #APPLIANCE_C}. */
    static RouteTableView.NextHop hopOnC() {
        return new RouteTableView.NextHop("node-c", "if-c", APPLIANCE_C, VirtualMacs.forInterface(APPLIANCE_C),
            PREFIX_C.high(), PREFIX_C.low());
    }

    /**
     * The table of a subnet of 10.0.0.0/16 (delivered locally) with one more route, for {@code prefix/length}, doing
     * {@code action} through {@code hops}.
     */
    static RouteTableView table(String prefix, int length, RouteTableView.Action action,
                                RouteTableView.NextHop... hops) {
        return new RouteTableView(List.of(
            new RouteTableView.Route(ip("10.0.0.0"), 16, RouteTableView.Action.DELIVER_LOCAL, List.of()),
            new RouteTableView.Route(ip(prefix), length, action, List.of(hops))));
    }

    static int ip(String text) {
        return Ipv4Address.parse(text);
    }

    static LocalPort port(int index, String address, int subnet, boolean sourceDestCheck) {
        int ipv4 = ip(address);
        int gateway = subnet == 1 ? GATEWAY1 : GATEWAY2;
        return new LocalPort(index, "node-" + index, "if-" + index, OVERLAY, ipv4, VirtualMacs.forInterface(ipv4),
            subnet == 1 ? SUBNET1 : SUBNET2, 24, gateway, VirtualMacs.router(gateway), sourceDestCheck);
    }
}
