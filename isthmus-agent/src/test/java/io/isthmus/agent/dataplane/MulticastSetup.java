package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.ip;

import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.wire.Ipv6Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link Fixture}'s network as both hosts' agents see it (subnets 1 and 2, the ports of A and B, and two nodes on a
 * third host C: 10.0.1.70 in subnet 1 and 10.0.2.80 in subnet 2), and helpers for multicast memberships.
 */
final class MulticastSetup {
    static final String SUBNET1_ID = "subnet-1";
    static final String SUBNET2_ID = "subnet-2";
    static final int C7 = ip("10.0.1.70");
    static final int C8 = ip("10.0.2.80");
    static final int GROUP = ip("239.1.1.1");

    private MulticastSetup() {
    }

    /** Installs the network's view on both hosts, multicast crossing subnets or not. */
    static void install(Fixture fixture, boolean acrossSubnets) {
        fixture.a.ports.replaceNetworks(List.of(view(fixture.a, acrossSubnets)));
        fixture.b.ports.replaceNetworks(List.of(view(fixture.b, acrossSubnets)));
    }

    private static NetworkView view(Fixture.Host here, boolean acrossSubnets) {
        List<SubnetView> subnets = List.of(
            new SubnetView(SUBNET1_ID, Fixture.SUBNET1, 24, Fixture.GATEWAY1, VirtualMacs.router(Fixture.GATEWAY1)),
            new SubnetView(SUBNET2_ID, Fixture.SUBNET2, 24, Fixture.GATEWAY2, VirtualMacs.router(Fixture.GATEWAY2)));
        List<NetworkView.Member> members = new ArrayList<>();
        for (LocalPort port : List.of(Fixture.A0, Fixture.A1, Fixture.A2, Fixture.A3)) {
            members.add(member(port.address(), Fixture.PREFIX_A, here));
        }
        for (LocalPort port : List.of(Fixture.B5, Fixture.B6)) {
            members.add(member(port.address(), Fixture.PREFIX_B, here));
        }
        members.add(member(C7, Fixture.PREFIX_C, here));
        members.add(member(C8, Fixture.PREFIX_C, here));
        NetworkSettings settings = new NetworkSettings(1480, List.of(), 86_400, null, acrossSubnets);
        return new NetworkView(Fixture.OVERLAY, "net-1", settings, subnets, members);
    }

    private static NetworkView.Member member(int address, Ipv6Prefix host, Fixture.Host here) {
        String subnet = (address & 0xffff_ff00) == Fixture.SUBNET1 ? SUBNET1_ID : SUBNET2_ID;
        return new NetworkView.Member("node-" + Integer.toHexString(address), "if", subnet, address,
            VirtualMacs.forInterface(address), host.toString(), host.high(), host.low(), host.equals(here.prefix));
    }

    /** Makes {@code ports} of {@code host} members of {@link #GROUP}. */
    static void join(Fixture.Host host, LocalPort... ports) {
        List<MulticastGroups.LocalMember> members = new ArrayList<>();
        for (LocalPort port : ports) {
            members.add(new MulticastGroups.LocalMember(Fixture.OVERLAY, GROUP, port.index()));
        }
        host.context.groups().replaceLocal(members);
    }

    /** Tells {@code host} which other hosts have members of {@link #GROUP}, with their subnets. */
    static void remote(Fixture.Host host, MulticastGroups.RemoteHost... hosts) {
        host.context.groups().replaceRemote(Fixture.OVERLAY, Map.of(GROUP, List.of(hosts)));
    }

    static MulticastGroups.RemoteHost remoteHost(Ipv6Prefix prefix, int... subnets) {
        return new MulticastGroups.RemoteHost(prefix.high(), prefix.low(), subnets);
    }
}
