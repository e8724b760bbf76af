package io.isthmus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.InterfaceId;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NetworkOptions;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.resource.TenantId;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared state for the rule tests: a tenant with network 10.0.0.0/16 + 10.1.0.0/16, two subnets, a host. */
public final class Fixtures {
    public static final RandomGenerator RANDOM = new SplittableRandom(42);
    public static final TenantId TENANT = TenantId.random(RANDOM);
    public static final Network NETWORK = new Network(NetworkId.random(RANDOM), TENANT, "prod",
        List.of(prefix("10.0.0.0/16"), prefix("10.1.0.0/16")), 7,
        new NetworkOptions(1400, List.of(0x0a000002), 3600, "s3cret", true), 3);
    public static final Subnet WEB = Subnet.of(SubnetId.random(RANDOM), TENANT, NETWORK.id(), "web",
        prefix("10.0.1.0/24"), 4);
    public static final Subnet DB = Subnet.of(SubnetId.random(RANDOM), TENANT, NETWORK.id(), "db",
        prefix("10.0.2.0/24"), 5);
    public static final Host HOST = new Host(HostId.random(RANDOM), "host-a",
        Ipv6Prefix.parse("2001:db8:0:1::/72"), 1);

    private Fixtures() {
    }

    public static Ipv4Prefix prefix(String text) {
        return Ipv4Prefix.parse(text);
    }

    public static int ip(String text) {
        return Ipv4Address.parse(text);
    }

    /** A node of NETWORK on HOST with one interface per (subnet, address) pair. */
    public static Node node(String name, boolean sourceDestCheck, Object... subnetAddressPairs) {
        NetworkInterface[] interfaces = new NetworkInterface[subnetAddressPairs.length / 2];
        for (int i = 0; i < interfaces.length; i++) {
            int address = ip((String) subnetAddressPairs[2 * i + 1]);
            interfaces[i] = new NetworkInterface(InterfaceId.random(RANDOM), ((Subnet) subnetAddressPairs[2 * i]).id(),
                address, VirtualMacs.forInterface(address));
        }
        return new Node(NodeId.random(RANDOM), TENANT, NETWORK.id(), name, HOST.id(), sourceDestCheck,
            Arrays.asList(interfaces), 1);
    }

    /** Asserts that {@code call} is rejected with {@code type}, its first error at {@code pointer}. */
    public static ValidationException assertRejected(ThrowingCallable call, ProblemType type, String pointer) {
        ValidationException e = catchThrowableOfType(ValidationException.class, call);
        assertThat(e).as("expected a rejection with " + type.slug()).isNotNull();
        assertThat(e.type()).as(e.getMessage()).isEqualTo(type);
        assertThat(e.errors().getFirst().pointer()).isEqualTo(pointer);
        return e;
    }
}
