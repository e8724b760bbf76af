package io.isthmus.controller.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.isthmus.api.allocation.NetworkIdRange;
import io.isthmus.api.problem.ProblemException;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostRequest;
import io.isthmus.api.resource.InterfaceRequest;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantRequest;
import io.isthmus.api.validation.Limits;
import io.isthmus.controller.store.SqliteStore;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A system manager on a real {@link SqliteStore} in a temporary directory, with a settable clock. */
abstract class SystemFixture {
    @TempDir
    Path dir;

    SqliteStore store;
    SystemManager system;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger hostCount = new AtomicInteger();

    @BeforeEach
    void openStore() {
        open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    void open() {
        store = SqliteStore.open(dir);
        system = SystemManager.create(store, new Random(7), Limits.DEFAULT, NetworkIdRange.ALL, clock, 72);
    }

    void reopen() {
        store.close();
        open();
    }

    static Ipv4Prefix prefix(String text) {
        return Ipv4Prefix.parse(text);
    }

    static int ip(String text) {
        return Ipv4Address.parse(text);
    }

    Tenant tenant(String name) {
        return system.tenants().create(new TenantRequest(name));
    }

    Host host() {
        int n = hostCount.incrementAndGet();
        return system.hosts().register(new HostRequest("host-" + n,
            new Ipv6Prefix(0x20010db800000000L, (long) n << 56, 72)));
    }

    Network network(Tenant tenant, String name, String... blocks) {
        return system.networks().create(tenant.id(), new NetworkRequest(name,
            List.of(blocks).stream().map(Ipv4Prefix::parse).toList()));
    }

    Subnet subnet(Tenant tenant, Network network, String name, String cidr) {
        return system.networks().createSubnet(tenant.id(), network.id(), new SubnetRequest(name, prefix(cidr)));
    }

    Node node(Tenant tenant, Network network, Host host, String name, Subnet subnet, boolean check) {
        return system.nodes().create(tenant.id(), network.id(),
            new NodeRequest(name, host.id(), check, List.of(InterfaceRequest.allocated(subnet.id()))));
    }

    static void assertValidation(ProblemType type, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ValidationException.class);
        assertThat(((ValidationException) thrown).type()).as(thrown.getMessage()).isEqualTo(type);
    }

    static void assertProblem(ProblemType type, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) thrown).type()).as(thrown.getMessage()).isEqualTo(type);
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
