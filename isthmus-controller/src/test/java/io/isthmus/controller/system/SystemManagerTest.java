package io.isthmus.controller.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.ApiTokenRequest;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostRequest;
import io.isthmus.api.resource.InterfaceRequest;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkDevice;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.NodeUpdate;
import io.isthmus.api.resource.Route;
import io.isthmus.api.resource.RouteKind;
import io.isthmus.api.resource.RouteRequest;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.SubnetUpdate;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantRequest;
import io.isthmus.api.validation.Limits;
import io.isthmus.wire.Ipv6Prefix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every service method against a real store: happy paths, representative rejections, scoping, versions, restart. */
class SystemManagerTest extends SystemFixture {

    // ------------------------------------------------------------------ tenants and tokens

    @Test
    void tenantsAreCreatedReadListedAndDeleted() {
        Tenant acme = tenant("acme");
        Tenant globex = tenant("globex");
        assertThat(acme.version()).isPositive();
        assertThat(system.tenants().get(acme.id())).isEqualTo(acme);
        assertThat(system.tenants().list(null, 10).items()).containsExactlyInAnyOrder(acme, globex);
        assertProblem(ProblemType.VERSION_MISMATCH, () -> system.tenants().delete(acme.id(), acme.version() + 1));
        system.tenants().delete(acme.id(), acme.version());
        assertProblem(ProblemType.NOT_FOUND, () -> system.tenants().get(acme.id()));
        assertThat(tenant("acme").name()).isEqualTo("acme");
    }

    @Test
    void tenantRejections() {
        tenant("acme");
        assertValidation(ProblemType.NAME_IN_USE, () -> tenant("acme"));
        assertValidation(ProblemType.INVALID_FIELD, () -> system.tenants().create(new TenantRequest("Bad Name")));
        assertValidation(ProblemType.INVALID_FIELD, () -> system.tenants().create(new TenantRequest(null)));
    }

    @Test
    void tenantWithNetworksIsNotDeleted() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        assertProblem(ProblemType.RESOURCE_IN_USE, () -> system.tenants().delete(acme.id(), 0));
        system.networks().delete(acme.id(), prod.id(), 0);
        system.tenants().delete(acme.id(), 0);
        assertThat(system.tenants().list(null, 10).items()).isEmpty();
    }

    @Test
    void tokensAreIssuedAuthenticatedRevokedAndExpire() {
        Tenant acme = tenant("acme");
        IssuedToken ci = system.tenants().issueToken(acme.id(), new ApiTokenRequest("ci", null));
        IssuedToken temp = system.tenants().issueToken(acme.id(),
            new ApiTokenRequest("temp", clock.instant().plus(Duration.ofHours(1))));
        assertThat(ci.secret()).startsWith("isthmus_");
        assertThat(ci.token().secretSha256()).doesNotContain(ci.secret());
        assertThat(system.tenants().tokens(acme.id(), null, 10).items()).containsExactlyInAnyOrder(ci.token(),
            temp.token());

        assertThat(system.tenants().authenticate(ci.secret()))
            .contains(new Principal.Tenant(acme.id(), ci.token().id()));
        assertThat(system.tenants().authenticate(temp.secret())).isPresent();
        assertThat(system.tenants().authenticate("isthmus_not-a-token")).isEmpty();
        assertThat(system.tenants().authenticate(null)).isEmpty();

        clock.set(clock.instant().plus(Duration.ofHours(1)));
        assertThat(system.tenants().authenticate(temp.secret())).isEmpty();
        assertThat(system.tenants().authenticate(ci.secret())).isPresent();

        system.tenants().revokeToken(acme.id(), ci.token().id());
        assertThat(system.tenants().authenticate(ci.secret())).isEmpty();
        assertProblem(ProblemType.NOT_FOUND, () -> system.tenants().revokeToken(acme.id(), ci.token().id()));
        // The name is free again once revoked.
        system.tenants().issueToken(acme.id(), new ApiTokenRequest("ci", null));
    }

    @Test
    void tokenRejectionsAndDeletionWithTenant() {
        Tenant acme = tenant("acme");
        IssuedToken ci = system.tenants().issueToken(acme.id(), new ApiTokenRequest("ci", null));
        assertValidation(ProblemType.NAME_IN_USE,
            () -> system.tenants().issueToken(acme.id(), new ApiTokenRequest("ci", null)));
        assertValidation(ProblemType.INVALID_FIELD,
            () -> system.tenants().issueToken(acme.id(), new ApiTokenRequest("old", clock.instant())));
        Tenant other = tenant("other");
        assertProblem(ProblemType.NOT_FOUND, () -> system.tenants().revokeToken(other.id(), ci.token().id()));
        assertThat(system.tenants().tokens(other.id(), null, 10).items()).isEmpty();

        system.tenants().delete(acme.id(), 0);
        assertThat(system.tenants().authenticate(ci.secret())).isEmpty();
        assertProblem(ProblemType.NOT_FOUND,
            () -> system.tenants().issueToken(acme.id(), new ApiTokenRequest("ci", null)));
    }

    // ------------------------------------------------------------------ hosts

    @Test
    void hostsAreRegisteredListedAndDeleted() {
        Host a = host();
        Host b = host();
        assertThat(system.hosts().get(a.id())).isEqualTo(a);
        assertThat(system.hosts().list(null, 10).items()).containsExactlyInAnyOrder(a, b);
        assertValidation(ProblemType.OVERLAPPING_HOST_PREFIX,
            () -> system.hosts().register(new HostRequest("other", a.substratePrefix())));
        assertValidation(ProblemType.INVALID_FIELD, () -> system.hosts().register(
            new HostRequest("short", Ipv6Prefix.parse("2001:db8:1::/64"))));
        assertValidation(ProblemType.NAME_IN_USE, () -> system.hosts().register(
            new HostRequest(a.name(), Ipv6Prefix.parse("2001:db8:9::/72"))));
        assertProblem(ProblemType.VERSION_MISMATCH, () -> system.hosts().delete(a.id(), a.version() + 1));
        system.hosts().delete(a.id(), a.version());
        assertProblem(ProblemType.NOT_FOUND, () -> system.hosts().get(a.id()));
        // Its prefix is free again.
        system.hosts().register(new HostRequest("again", a.substratePrefix()));
    }

    @Test
    void hostWithNodesIsNotDeletedUntilTheyMove() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        Host a = host();
        Host b = host();
        Node vm = node(acme, prod, a, "vm", web, true);
        assertProblem(ProblemType.RESOURCE_IN_USE, () -> system.hosts().delete(a.id(), 0));
        system.nodes().update(acme.id(), vm.id(), new NodeUpdate("vm", b.id(), true), vm.version());
        system.hosts().delete(a.id(), 0);
        assertProblem(ProblemType.RESOURCE_IN_USE, () -> system.hosts().delete(b.id(), 0));
    }

    // ------------------------------------------------------------------ networks

    @Test
    void networksGetSequentialOverlayIdsAndArePaged() {
        Tenant acme = tenant("acme");
        List<Network> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(network(acme, "net-" + i, "10.0.0.0/16"));
        }
        assertThat(created).extracting(Network::overlayId).containsExactly(1, 2, 3, 4, 5);
        assertThat(system.networks().get(acme.id(), created.get(2).id())).isEqualTo(created.get(2));

        List<Network> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Network> page = system.networks().list(acme.id(), cursor, 2);
            assertThat(page.items().size()).isLessThanOrEqualTo(2);
            listed.addAll(page.items());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(created);
        assertThat(system.networks().list(acme.id(), null, 0).items()).hasSize(1);
        assertThat(system.networks().list(acme.id(), null, 10_000).items()).hasSize(5);
        assertValidation(ProblemType.INVALID_FIELD, () -> system.networks().list(acme.id(), "!!", 2));
        assertValidation(ProblemType.INVALID_FIELD, () -> system.networks().list(acme.id(), "L3RlbmFudHMv", 2));

        // A freed id is not reused before the range wraps.
        system.networks().delete(acme.id(), created.get(4).id(), 0);
        assertThat(network(acme, "net-5", "10.0.0.0/16").overlayId()).isEqualTo(6);
    }

    @Test
    void networkRejections() {
        Tenant acme = tenant("acme");
        network(acme, "prod", "10.0.0.0/16");
        assertValidation(ProblemType.NAME_IN_USE, () -> network(acme, "prod", "10.1.0.0/16"));
        assertValidation(ProblemType.CIDR_NOT_UNICAST, () -> network(acme, "lo", "127.0.0.0/8"));
        assertValidation(ProblemType.OVERLAPPING_NETWORK_CIDR,
            () -> network(acme, "two", "10.0.0.0/16", "10.0.1.0/24"));
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().create(
            new io.isthmus.api.resource.TenantId("ten-000000000000"),
            new NetworkRequest("x", List.of(prefix("10.0.0.0/16")))));
    }

    @Test
    void replaceRenamesAndChangesBlocksAndTheLocalRoutes() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        Network replaced = system.networks().replace(acme.id(), prod.id(),
            new NetworkRequest("production", List.of(prefix("10.0.0.0/16"), prefix("10.9.0.0/16"))), prod.version());
        assertThat(replaced.name()).isEqualTo("production");
        assertThat(replaced.overlayId()).isEqualTo(prod.overlayId());
        assertThat(replaced.version()).isGreaterThan(prod.version());
        assertThat(system.networks().routeTable(acme.id(), web.id()).routes(RouteKind.LOCAL))
            .extracting(Route::destination).containsExactly(prefix("10.0.0.0/16"), prefix("10.9.0.0/16"));
        // The old name is free, the new one taken.
        network(acme, "prod", "10.0.0.0/16");
        assertValidation(ProblemType.NAME_IN_USE, () -> network(acme, "production", "10.0.0.0/16"));

        assertProblem(ProblemType.VERSION_MISMATCH, () -> system.networks().replace(acme.id(), prod.id(),
            new NetworkRequest("production", List.of(prefix("10.0.0.0/16"))), prod.version()));
        assertValidation(ProblemType.CIDR_BLOCK_IN_USE, () -> system.networks().replace(acme.id(), prod.id(),
            new NetworkRequest("production", List.of(prefix("10.9.0.0/16"))), 0));
        assertProblem(ProblemType.VERSION_MISMATCH, () -> system.networks().delete(acme.id(), prod.id(), 1));
        assertValidation(ProblemType.CIDR_BLOCK_IN_USE, () -> system.networks().delete(acme.id(), prod.id(), 0));
        system.networks().deleteSubnet(acme.id(), web.id(), 0);
        system.networks().delete(acme.id(), prod.id(), replaced.version());
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().get(acme.id(), prod.id()));
    }

    // ------------------------------------------------------------------ subnets, devices, route tables

    @Test
    void subnetsComeWithRouteTableAndVirtualRouter() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16", "10.1.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        Subnet db = subnet(acme, prod, "db", "10.1.2.0/24");
        assertThat(web.gateway()).isEqualTo(ip("10.0.1.1"));
        assertThat(system.networks().subnet(acme.id(), web.id())).isEqualTo(web);
        assertThat(system.networks().subnets(acme.id(), prod.id(), null, 10).items())
            .containsExactlyInAnyOrder(web, db);

        RouteTable table = system.networks().routeTable(acme.id(), web.id());
        assertThat(table.id()).isEqualTo(web.routeTableId());
        assertThat(table.routes()).extracting(Route::destination)
            .containsExactly(prefix("10.0.0.0/16"), prefix("10.1.0.0/16"));
        assertThat(table.routes()).allMatch(r -> r.kind() == RouteKind.LOCAL);

        List<NetworkDevice> devices = system.networks().devices(acme.id(), prod.id());
        assertThat(devices).hasSize(2);
        NetworkDevice router = devices.stream().filter(d -> d.subnetId().equals(web.id())).findFirst().orElseThrow();
        assertThat(router.address()).isEqualTo(web.gateway());
        assertThat(router.mac()).isEqualTo(VirtualMacs.router(web.gateway()));

        Subnet renamed = system.networks().updateSubnet(acme.id(), web.id(), new SubnetUpdate("frontend"),
            web.version());
        assertThat(renamed.name()).isEqualTo("frontend");
        assertThat(renamed.cidr()).isEqualTo(web.cidr());
        assertProblem(ProblemType.VERSION_MISMATCH, () -> system.networks().updateSubnet(acme.id(), web.id(),
            new SubnetUpdate("web"), web.version()));
        assertValidation(ProblemType.NAME_IN_USE,
            () -> system.networks().updateSubnet(acme.id(), web.id(), new SubnetUpdate("db"), 0));

        system.networks().deleteSubnet(acme.id(), db.id(), db.version());
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().subnet(acme.id(), db.id()));
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().routeTable(acme.id(), db.id()));
        assertThat(system.networks().devices(acme.id(), prod.id())).hasSize(1);
    }

    @Test
    void subnetRejections() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        assertValidation(ProblemType.OVERLAPPING_SUBNET, () -> subnet(acme, prod, "web2", "10.0.1.128/25"));
        assertValidation(ProblemType.CIDR_OUTSIDE_NETWORK, () -> subnet(acme, prod, "out", "10.5.0.0/24"));
        assertValidation(ProblemType.PREFIX_TOO_SMALL, () -> subnet(acme, prod, "tiny", "10.0.9.0/29"));
        assertValidation(ProblemType.NAME_IN_USE, () -> subnet(acme, prod, "web", "10.0.2.0/24"));

        Host host = host();
        node(acme, prod, host, "vm", web, true);
        assertValidation(ProblemType.SUBNET_HAS_INTERFACES, () -> system.networks().deleteSubnet(acme.id(), web.id(),
            0));
    }

    @Test
    void aTableTakesAtMostTheLimitOfStaticRoutesWithAClearProblem() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        int limit = Limits.DEFAULT.routesPerTable();
        for (int i = 0; i < limit; i++) {
            system.networks().putRoute(acme.id(), web.id(), new RouteRequest(prefix("192.168." + i + ".0/24"),
                List.of(new RouteTarget.Blackhole())), false, 0);
        }
        Throwable thrown = catchThrowable(() -> system.networks().putRoute(acme.id(), web.id(),
            new RouteRequest(prefix("172.16.0.0/12"), List.of(new RouteTarget.Blackhole())), false, 0));
        assertThat(thrown).isInstanceOf(ValidationException.class);
        ValidationException e = (ValidationException) thrown;
        assertThat(e.type()).isEqualTo(ProblemType.ROUTE_LIMIT_EXCEEDED);
        assertThat(e.type().status()).isEqualTo(409);
        assertThat(e.errors()).singleElement().satisfies(error ->
            assertThat(error.detail()).isEqualTo("the table already has " + limit + " static routes, the limit"));
        // Replacing one is no new route.
        system.networks().putRoute(acme.id(), web.id(), new RouteRequest(prefix("192.168.0.0/24"),
            List.of(new RouteTarget.Blackhole())), true, 0);
    }

    @Test
    void aRouteTakesAtMostTheLimitOfTargetsWithAClearProblem() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        Host host = host();
        int limit = Limits.DEFAULT.targetsPerRoute();
        List<RouteTarget> targets = new ArrayList<>();
        for (int i = 0; i <= limit; i++) {
            Node appliance = node(acme, prod, host, "fw" + i, web, false);
            targets.add(new RouteTarget.ApplianceInterface(appliance.id(), appliance.interfaces().getFirst().id()));
        }
        system.networks().putRoute(acme.id(), web.id(), new RouteRequest(prefix("0.0.0.0/0"),
            targets.subList(0, limit)), false, 0);
        Throwable thrown = catchThrowable(() -> system.networks().putRoute(acme.id(), web.id(),
            new RouteRequest(prefix("0.0.0.0/0"), targets), true, 0));
        assertThat(thrown).isInstanceOf(ValidationException.class);
        ValidationException e = (ValidationException) thrown;
        assertThat(e.type()).isEqualTo(ProblemType.LIMIT_EXCEEDED);
        assertThat(e.type().status()).isEqualTo(409);
        assertThat(e.errors()).singleElement().satisfies(error -> {
            assertThat(error.pointer()).isEqualTo("/targets");
            assertThat(error.detail()).isEqualTo("a route has at most " + limit + " targets, not " + (limit + 1));
        });
    }

    @Test
    void staticRoutesArePutReplacedAndDeleted() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        Host host = host();
        Node firewall = node(acme, prod, host, "firewall", web, false);
        Node plain = node(acme, prod, host, "plain", web, true);
        RouteTarget viaFirewall = new RouteTarget.ApplianceInterface(firewall.id(),
            firewall.interfaces().getFirst().id());

        RouteTable table = system.networks().routeTable(acme.id(), web.id());
        RouteTable withDefault = system.networks().putRoute(acme.id(), web.id(),
            new RouteRequest(prefix("0.0.0.0/0"), List.of(viaFirewall)), false, table.version());
        assertThat(withDefault.routes(RouteKind.STATIC)).containsExactly(
            new Route(prefix("0.0.0.0/0"), List.of(viaFirewall), RouteKind.STATIC));
        assertThat(system.networks().routeTable(acme.id(), web.id())).isEqualTo(withDefault);

        assertValidation(ProblemType.DUPLICATE_ROUTE, () -> system.networks().putRoute(acme.id(), web.id(),
            new RouteRequest(prefix("0.0.0.0/0"), List.of(new RouteTarget.Blackhole())), false, 0));
        assertProblem(ProblemType.VERSION_MISMATCH, () -> system.networks().putRoute(acme.id(), web.id(),
            new RouteRequest(prefix("0.0.0.0/0"), List.of(new RouteTarget.Blackhole())), true, table.version()));
        assertValidation(ProblemType.TARGET_NOT_APPLIANCE, () -> system.networks().putRoute(acme.id(), web.id(),
            new RouteRequest(prefix("192.168.0.0/16"), List.of(new RouteTarget.ApplianceInterface(plain.id(),
                plain.interfaces().getFirst().id()))), false, 0));
        assertValidation(ProblemType.INVALID_ROUTE_DESTINATION, () -> system.networks().putRoute(acme.id(),
            web.id(), new RouteRequest(prefix("10.0.1.0/25"), List.of(new RouteTarget.Blackhole())), false, 0));

        // An appliance that routes target stays one and stays.
        assertValidation(ProblemType.NODE_IS_ROUTE_TARGET, () -> system.nodes().update(acme.id(), firewall.id(),
            new NodeUpdate("firewall", host.id(), true), 0));
        assertValidation(ProblemType.NODE_IS_ROUTE_TARGET, () -> system.nodes().delete(acme.id(), firewall.id(),
            0));

        RouteTable replaced = system.networks().putRoute(acme.id(), web.id(),
            new RouteRequest(prefix("0.0.0.0/0"), List.of(new RouteTarget.Blackhole())), true,
            withDefault.version());
        assertThat(replaced.routes(RouteKind.STATIC)).extracting(Route::targets)
            .containsExactly(List.of(new RouteTarget.Blackhole()));

        RouteTable removed = system.networks().deleteRoute(acme.id(), web.id(), prefix("0.0.0.0/0"),
            replaced.version());
        assertThat(removed.routes(RouteKind.STATIC)).isEmpty();
        assertThat(removed.routes(RouteKind.LOCAL)).hasSize(1);
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().deleteRoute(acme.id(), web.id(),
            prefix("0.0.0.0/0"), 0));
        system.nodes().delete(acme.id(), firewall.id(), 0);
    }

    // ------------------------------------------------------------------ nodes

    @Test
    void nodesGetAddressesAndMacsAndAreUpdatedAndDeleted() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        Subnet db = subnet(acme, prod, "db", "10.0.2.0/24");
        Host a = host();
        Host b = host();
        Node first = node(acme, prod, a, "first", web, true);
        assertThat(first.interfaces().getFirst().address()).isEqualTo(ip("10.0.1.4"));
        assertThat(first.interfaces().getFirst().mac()).isEqualTo(VirtualMacs.forInterface(ip("10.0.1.4")));

        Node dual = system.nodes().create(acme.id(), prod.id(), new NodeRequest("dual", a.id(), false,
            List.of(InterfaceRequest.at(web.id(), ip("10.0.1.50")), InterfaceRequest.allocated(db.id()))));
        assertThat(dual.interfaces()).extracting(i -> i.address())
            .containsExactly(ip("10.0.1.50"), ip("10.0.2.4"));
        assertThat(system.nodes().get(acme.id(), dual.id())).isEqualTo(dual);
        assertThat(system.nodes().list(acme.id(), prod.id(), null, 10).items())
            .containsExactlyInAnyOrder(first, dual);

        Node moved = system.nodes().update(acme.id(), dual.id(), new NodeUpdate("dual-moved", b.id(), true),
            dual.version());
        assertThat(moved.hostId()).isEqualTo(b.id());
        assertThat(moved.interfaces()).isEqualTo(dual.interfaces());
        assertThat(moved.isAppliance()).isFalse();
        assertProblem(ProblemType.VERSION_MISMATCH, () -> system.nodes().update(acme.id(), dual.id(),
            new NodeUpdate("x", b.id(), true), dual.version()));
        assertProblem(ProblemType.VERSION_MISMATCH, () -> system.nodes().delete(acme.id(), dual.id(),
            dual.version()));

        system.nodes().delete(acme.id(), dual.id(), moved.version());
        assertProblem(ProblemType.NOT_FOUND, () -> system.nodes().get(acme.id(), dual.id()));
        // Its address is free again.
        Node again = system.nodes().create(acme.id(), prod.id(), new NodeRequest("again", a.id(), true,
            List.of(InterfaceRequest.at(web.id(), ip("10.0.1.50")))));
        assertThat(again.interfaces().getFirst().address()).isEqualTo(ip("10.0.1.50"));
    }

    @Test
    void nodeRejections() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        Network other = network(acme, "other", "10.0.0.0/16");
        Subnet elsewhere = subnet(acme, other, "web", "10.0.1.0/24");
        Host host = host();
        node(acme, prod, host, "vm", web, true);
        assertValidation(ProblemType.ADDRESS_IN_USE, () -> system.nodes().create(acme.id(), prod.id(),
            new NodeRequest("b", host.id(), true, List.of(InterfaceRequest.at(web.id(), ip("10.0.1.4"))))));
        assertValidation(ProblemType.ADDRESS_RESERVED, () -> system.nodes().create(acme.id(), prod.id(),
            new NodeRequest("b", host.id(), true, List.of(InterfaceRequest.at(web.id(), ip("10.0.1.1"))))));
        assertValidation(ProblemType.UNKNOWN_SUBNET, () -> system.nodes().create(acme.id(), prod.id(),
            new NodeRequest("b", host.id(), true, List.of(InterfaceRequest.allocated(elsewhere.id())))));
        assertValidation(ProblemType.UNKNOWN_HOST, () -> system.nodes().create(acme.id(), prod.id(),
            new NodeRequest("b", new io.isthmus.api.resource.HostId("host-000000000000"), true,
                List.of(InterfaceRequest.allocated(web.id())))));
        assertValidation(ProblemType.NAME_IN_USE, () -> node(acme, prod, host, "vm", web, true));
        // The same address in another network is fine: the overlay id keeps them apart.
        Node twin = system.nodes().create(acme.id(), other.id(),
            new NodeRequest("vm", host.id(), true, List.of(InterfaceRequest.at(elsewhere.id(), ip("10.0.1.4")))));
        assertThat(twin.interfaces().getFirst().address()).isEqualTo(ip("10.0.1.4"));
    }

    // ------------------------------------------------------------------ tenant isolation

    @Test
    void anotherTenantSeesNothingOfANetwork() {
        Tenant a = tenant("alpha");
        Tenant b = tenant("beta");
        Network prod = network(a, "prod", "10.0.0.0/16");
        Subnet web = subnet(a, prod, "web", "10.0.1.0/24");
        Host host = host();
        Node vm = node(a, prod, host, "vm", web, true);

        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().get(b.id(), prod.id()));
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().subnet(b.id(), web.id()));
        assertProblem(ProblemType.NOT_FOUND, () -> system.nodes().get(b.id(), vm.id()));
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().routeTable(b.id(), web.id()));
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().devices(b.id(), prod.id()));
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().subnets(b.id(), prod.id(), null, 10));
        assertProblem(ProblemType.NOT_FOUND, () -> system.nodes().list(b.id(), prod.id(), null, 10));
        assertThat(system.networks().list(b.id(), null, 10).items()).isEmpty();

        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().replace(b.id(), prod.id(),
            new NetworkRequest("mine", List.of(prefix("10.0.0.0/16"))), 0));
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().delete(b.id(), prod.id(), 0));
        assertProblem(ProblemType.NOT_FOUND, () -> subnet(b, prod, "x", "10.0.2.0/24"));
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().updateSubnet(b.id(), web.id(),
            new SubnetUpdate("x"), 0));
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().deleteSubnet(b.id(), web.id(), 0));
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().putRoute(b.id(), web.id(),
            new RouteRequest(prefix("0.0.0.0/0"), List.of(new RouteTarget.Blackhole())), false, 0));
        assertProblem(ProblemType.NOT_FOUND, () -> system.networks().deleteRoute(b.id(), web.id(),
            prefix("0.0.0.0/0"), 0));
        assertProblem(ProblemType.NOT_FOUND, () -> system.nodes().create(b.id(), prod.id(),
            new NodeRequest("x", host.id(), true, List.of(InterfaceRequest.allocated(web.id())))));
        assertProblem(ProblemType.NOT_FOUND, () -> system.nodes().update(b.id(), vm.id(),
            new NodeUpdate("x", host.id(), true), 0));
        assertProblem(ProblemType.NOT_FOUND, () -> system.nodes().delete(b.id(), vm.id(), 0));

        // The owner still sees everything unchanged.
        assertThat(system.networks().get(a.id(), prod.id())).isEqualTo(prod);
        assertThat(system.nodes().get(a.id(), vm.id())).isEqualTo(vm);
    }

    // ------------------------------------------------------------------ restart

    @Test
    void everythingSurvivesARestart() {
        Tenant acme = tenant("acme");
        IssuedToken token = system.tenants().issueToken(acme.id(), new ApiTokenRequest("ci", null));
        Host host = host();
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        Node vm = node(acme, prod, host, "vm", web, false);
        RouteTable table = system.networks().putRoute(acme.id(), web.id(), new RouteRequest(prefix("0.0.0.0/0"),
            List.of(new RouteTarget.ApplianceInterface(vm.id(), vm.interfaces().getFirst().id()))), false, 0);

        reopen();

        assertThat(system.tenants().get(acme.id())).isEqualTo(acme);
        assertThat(system.tenants().tokens(acme.id(), null, 10).items()).containsExactly(token.token());
        assertThat(system.tenants().authenticate(token.secret()))
            .isEqualTo(Optional.of(new Principal.Tenant(acme.id(), token.token().id())));
        assertThat(system.hosts().get(host.id())).isEqualTo(host);
        assertThat(system.networks().get(acme.id(), prod.id())).isEqualTo(prod);
        assertThat(system.networks().subnet(acme.id(), web.id())).isEqualTo(web);
        assertThat(system.networks().routeTable(acme.id(), web.id())).isEqualTo(table);
        assertThat(system.nodes().get(acme.id(), vm.id())).isEqualTo(vm);
        // Claims survive too: the next network gets the next overlay id, the address stays taken.
        assertThat(network(acme, "next", "10.0.0.0/16").overlayId()).isEqualTo(prod.overlayId() + 1);
        assertValidation(ProblemType.ADDRESS_IN_USE, () -> system.nodes().create(acme.id(), prod.id(),
            new NodeRequest("b", host.id(), true,
                List.of(InterfaceRequest.at(web.id(), vm.interfaces().getFirst().address())))));
    }

    @Test
    void versionsAreTheStoreModRevisions() {
        Tenant acme = tenant("acme");
        assertThat(acme.version()).isEqualTo(store.get(Keys.tenant(acme.id())).orElseThrow().modRevision());
        Network prod = network(acme, "prod", "10.0.0.0/16");
        assertThat(prod.version()).isEqualTo(store.get(Keys.network(acme.id(), prod.id())).orElseThrow()
            .modRevision());
        assertThat(store.get(Keys.overlayId(prod.overlayId())).orElseThrow().valueUtf8()).isEqualTo(prod.id().value());
        assertThat(Instant.EPOCH).isBefore(clock.instant());
    }
}
