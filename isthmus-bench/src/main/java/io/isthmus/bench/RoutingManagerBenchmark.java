package io.isthmus.bench;

import io.isthmus.agent.controller.ControllerClient;
import io.isthmus.api.allocation.VirtualMacs;
import io.isthmus.api.channel.v1.RouteTableInfo;
import io.isthmus.api.channel.v1.Update;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.HostRequest;
import io.isthmus.api.resource.InterfaceId;
import io.isthmus.api.resource.InterfaceRequest;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.RouteRequest;
import io.isthmus.api.resource.RouteTable;
import io.isthmus.api.resource.RouteTarget;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.resource.TenantRequest;
import io.isthmus.controller.Controller;
import io.isthmus.controller.routing.RoutingManager;
import io.isthmus.controller.routing.RoutingService;
import io.isthmus.controller.store.Op;
import io.isthmus.controller.store.Store;
import io.isthmus.controller.store.Txn;
import io.isthmus.controller.system.Keys;
import io.isthmus.controller.system.ResourceCodec;
import io.isthmus.controller.system.SystemManager;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark of the network routing manager (not JMH, not a test): a controller on loopback with one network of
 * {@code --nodes} nodes (default 10,000) in {@code --subnets} /24 subnets (default 100) on {@code --hosts} hosts
 * (default 50). Subnets come in groups of four sharing four appliances (one interface in each subnet of the
 * group); every route table has its local route, 20 static routes to other subnets through the group's
 * appliances (every fourth an ECMP group of all four), a default route through two of them and a blackhole: 23
 * routes. Appliances, subnets and routes are created through the services (validated); the other nodes are
 * written straight to the store (the services' per-create validation reads the whole network, which would make
 * the setup quadratic; routing reads only the appliances anyway).
 *
 * <p>Measures (a) the time to compute every route table of the network ({@link RoutingManager}: store reads and
 * computation), (b) the bytes pushed to all hosts (the {@code ROUTE_TABLE_UPSERT} updates of every table, times
 * the hosts, which all watch the network), (c) after one route change, the time to recompute and diff and the bytes
 * to push, and (d) end to end: {@code --hosts} agent Watch streams (gRPC on loopback) and the time from a route
 * change through the API to the last host receiving its table (every stream asks the manager, which computes once
 * per change). Run with {@code scripts/bench-routing}.
 */
public final class RoutingManagerBenchmark {
    private static final int ROUNDS = 30;

    private RoutingManagerBenchmark() {
    }

    /** Runs the benchmark; options {@code --nodes --subnets --hosts --changes}. */
    public static void main(String[] args) throws Exception {
        int nodeCount = option(args, "--nodes", 10_000);
        int subnetCount = option(args, "--subnets", 100);
        int hostCount = option(args, "--hosts", 50);
        int changes = option(args, "--changes", 10);
        if (subnetCount % 4 != 0 || subnetCount > 200) {
            throw new IllegalArgumentException("--subnets: a multiple of 4, at most 200");
        }
        Path dir = Files.createTempDirectory("isthmus-bench-routing");
        try (Controller controller = Controller.start(dir, new InetSocketAddress("127.0.0.1", 0), null)) {
            SystemManager system = controller.system();
            Store store = controller.store();
            long setup = System.nanoTime();
            Tenant tenant = system.tenants().create(new TenantRequest("bench"));
            List<Host> hosts = new ArrayList<>();
            for (int h = 1; h <= hostCount; h++) {
                hosts.add(system.hosts().register(new HostRequest("bench-" + h,
                    Ipv6Prefix.parse("2001:db8:%x:100::/72".formatted(h)))));
            }
            Network network = system.networks().create(tenant.id(), new NetworkRequest("bench",
                List.of(Ipv4Prefix.parse("10.0.0.0/16"))));
            List<Subnet> subnets = new ArrayList<>();
            for (int s = 0; s < subnetCount; s++) {
                subnets.add(system.networks().createSubnet(tenant.id(), network.id(), new SubnetRequest("s" + s,
                    Ipv4Prefix.parse("10.0." + s + ".0/24"))));
            }
            // Four appliances per group of four subnets, one interface (10.0.s.4+k) in each.
            Node[][] appliances = new Node[subnetCount / 4][4];
            for (int g = 0; g < subnetCount / 4; g++) {
                for (int k = 0; k < 4; k++) {
                    List<InterfaceRequest> nics = new ArrayList<>();
                    for (int s = 4 * g; s < 4 * g + 4; s++) {
                        nics.add(InterfaceRequest.at(subnets.get(s).id(),
                            Ipv4Address.parse("10.0." + s + "." + (4 + k))));
                    }
                    appliances[g][k] = system.nodes().create(tenant.id(), network.id(), new NodeRequest(
                        "fw-" + g + "-" + k, hosts.get((4 * g + k) % hostCount).id(), false, nics));
                }
            }
            for (int subnet = 0; subnet < subnetCount; subnet++) {
                int s = subnet;
                Node[] group = appliances[s / 4];
                for (int k = 1; k <= 20; k++) {
                    List<RouteTarget> targets = k % 4 == 0
                        ? Arrays.stream(group).map(a -> via(a, s)).toList() : List.of(via(group[k % 4], s));
                    system.networks().putRoute(tenant.id(), subnets.get(s).id(), new RouteRequest(
                        Ipv4Prefix.parse("10.0." + ((s + k) % subnetCount) + ".0/24"), targets), false, 0);
                }
                system.networks().putRoute(tenant.id(), subnets.get(s).id(), new RouteRequest(
                    Ipv4Prefix.parse("0.0.0.0/0"), List.of(via(group[0], s), via(group[1], s))), false, 0);
                system.networks().putRoute(tenant.id(), subnets.get(s).id(), new RouteRequest(
                    Ipv4Prefix.parse("192.168." + s + ".0/24"), List.of(new RouteTarget.Blackhole())), false, 0);
            }
            writePlainNodes(store, tenant, network, subnets, hosts, nodeCount - subnetCount);
            System.out.printf("setup: %d nodes (%d appliances) in %d subnets on %d hosts, in %.1f s; store revision"
                    + " %d%n", nodeCount, subnetCount, subnetCount, hostCount, (System.nanoTime() - setup) / 1e9,
                store.revision());
            System.out.printf("cores=%d java=%s%n", Runtime.getRuntime().availableProcessors(), Runtime.version());

            // (a) compute every table: a new manager each round, so that nothing is reused
            long[] times = new long[ROUNDS];
            RoutingService.NetworkRoutes routes = null;
            for (int r = 0; r < ROUNDS; r++) {
                long t0 = System.nanoTime();
                routes = new RoutingManager(store).routes(network.id(), store.revision());
                times[r] = System.nanoTime() - t0;
            }
            int routeCount = routes.tables().stream().mapToInt(RouteTableInfo::getRoutesCount).sum();
            System.out.printf("(a) compute all %d tables (%d routes): %s%n", routes.tables().size(), routeCount,
                stats(times));
            // (b) bytes to all hosts
            long perHost = 0;
            for (RouteTableInfo table : routes.tables()) {
                perHost += upsert(table).getSerializedSize();
            }
            System.out.printf("(b) push of every table: %d B per host, %d B to all %d hosts%n", perHost,
                perHost * hostCount, hostCount);

            // (c) one route change: recompute and diff (the store moved: the manager computes again)
            RoutingService routing = new RoutingManager(store);
            Map<String, RouteTableInfo> last = byVersionless(routes);
            long changedBytes = 0;
            int changedTables = 0;
            long[] recompute = new long[changes];
            for (int c = 0; c < changes; c++) {
                change(system, tenant, subnets, appliances, c);
                long t0 = System.nanoTime();
                RoutingService.NetworkRoutes now = routing.routes(network.id(), store.revision());
                Map<String, RouteTableInfo> next = byVersionless(now);
                changedBytes = 0;
                changedTables = 0;
                for (RouteTableInfo table : now.tables()) {
                    if (!next.get(table.getSubnetId()).equals(last.get(table.getSubnetId()))) {
                        changedTables++;
                        changedBytes += upsert(table).getSerializedSize();
                    }
                }
                recompute[c] = System.nanoTime() - t0;
                last = next;
            }
            System.out.printf("(c) one route change: recompute and diff %s; %d table(s) changed, %d B per host,"
                + " %d B to all %d hosts%n", stats(recompute), changedTables, changedBytes, changedBytes * hostCount,
                hostCount);

            // (d) end to end through the agent channel
            endToEnd(controller, system, tenant, subnets, appliances, hosts, changes);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void endToEnd(Controller controller, SystemManager system, Tenant tenant, List<Subnet> subnets,
                                 Node[][] appliances, List<Host> hosts, int changes) throws Exception {
        List<ControllerClient> clients = new ArrayList<>();
        List<ControllerClient.Subscription> subscriptions = new ArrayList<>();
        CountDownLatch snapshots = new CountDownLatch(hosts.size());
        AtomicLong[] seen = new AtomicLong[hosts.size()];
        long[] bytes = new long[hosts.size()];
        Object signal = new Object();
        long t0 = System.nanoTime();
        for (int h = 0; h < hosts.size(); h++) {
            int index = h;
            seen[h] = new AtomicLong();
            ControllerClient client = ControllerClient.connect(controller.agentChannelAddress(),
                controller.agentCredentials().issue(hosts.get(h).id()));
            clients.add(client);
            subscriptions.add(client.watch(0, update -> {
                if (update.getKind() == Update.Kind.SNAPSHOT) {
                    bytes[index] = update.getSerializedSize();
                    snapshots.countDown();
                } else if (update.getKind() == Update.Kind.ROUTE_TABLE_UPSERT) {
                    synchronized (signal) {
                        seen[index].set(Math.max(seen[index].get(), update.getVersion()));
                        signal.notifyAll();
                    }
                }
            }));
        }
        if (!snapshots.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every host got its snapshot");
        }
        System.out.printf("(d) %d Watch streams: snapshots (10k nodes each) in %.2f s, %d B each%n", hosts.size(),
            (System.nanoTime() - t0) / 1e9, bytes[0]);
        long[] latency = new long[changes];
        for (int c = 0; c < changes; c++) {
            long start = System.nanoTime();
            RouteTable table = change(system, tenant, subnets, appliances, changes + c);
            synchronized (signal) {
                while (Arrays.stream(seen).anyMatch(s -> s.get() < table.version())) {
                    signal.wait(10_000);
                    if (System.nanoTime() - start > 30_000_000_000L) {
                        throw new IllegalStateException("a host did not get the change within 30 s");
                    }
                }
            }
            latency[c] = System.nanoTime() - start;
        }
        System.out.printf("(d) route change through the API to the last of %d hosts: %s%n", hosts.size(),
            stats(latency));
        subscriptions.forEach(ControllerClient.Subscription::close);
        clients.forEach(ControllerClient::close);
    }

    /**
     * Change {@code c}: replaces the route of subnet {@code 7c} to the next subnet (through appliance 1 of its group)
     * by one through appliance 2 or 3, so that the table does change.
     */
    private static RouteTable change(SystemManager system, Tenant tenant, List<Subnet> subnets, Node[][] appliances,
                                     int c) {
        int s = (c * 7) % subnets.size();
        Node[] group = appliances[s / 4];
        return system.networks().putRoute(tenant.id(), subnets.get(s).id(), new RouteRequest(
            Ipv4Prefix.parse("10.0." + ((s + 1) % subnets.size()) + ".0/24"), List.of(via(group[2 + c % 2], s))),
            true, 0);
    }

    private static RouteTarget via(Node appliance, int subnet) {
        return new RouteTarget.ApplianceInterface(appliance.id(), appliance.interfaces().get(subnet % 4).id());
    }

    private static Update upsert(RouteTableInfo table) {
        return Update.newBuilder().setVersion(table.getVersion()).setKind(Update.Kind.ROUTE_TABLE_UPSERT)
            .setNetworkId(table.getNetworkId()).setSubnetId(table.getSubnetId()).setRouteTable(table).build();
    }

    private static Map<String, RouteTableInfo> byVersionless(RoutingService.NetworkRoutes routes) {
        Map<String, RouteTableInfo> out = new HashMap<>();
        routes.tables().forEach(t -> out.put(t.getSubnetId(), t.toBuilder().setVersion(0).build()));
        return out;
    }

    /** Writes {@code count} ordinary nodes, spread over the subnets and hosts, straight to the store. */
    private static void writePlainNodes(Store store, Tenant tenant, Network network, List<Subnet> subnets,
                                        List<Host> hosts, int count) {
        SplittableRandom random = new SplittableRandom(6);
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Subnet subnet = subnets.get(i % subnets.size());
            int address = subnet.cidr().address() + 10 + i / subnets.size();
            NodeId id = NodeId.random(random);
            Host host = hosts.get(i % hosts.size());
            Node node = new Node(id, tenant.id(), network.id(), "n" + i, host.id(), true, List.of(
                new NetworkInterface(InterfaceId.random(random), subnet.id(), address,
                    VirtualMacs.forInterface(address))), 0);
            ops.add(Op.put(Keys.node(network.id(), id), ResourceCodec.encode(node)));
            ops.add(Op.put(Keys.nodeIndex(id), network.id().value().getBytes(StandardCharsets.UTF_8)));
            ops.add(Op.put(Keys.hostNode(host.id(), id), network.id().value().getBytes(StandardCharsets.UTF_8)));
            ops.add(Op.put(Keys.address(network.id(), address), (id.value() + "/"
                + node.interfaces().getFirst().id().value()).getBytes(StandardCharsets.UTF_8)));
            if (ops.size() >= 400 || i == count - 1) {
                store.txn(Txn.when().then(ops.toArray(Op[]::new)));
                ops.clear();
            }
        }
    }

    private static String stats(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return "min %.2f ms, median %.2f ms, max %.2f ms (%d runs)".formatted(sorted[0] / 1e6,
            sorted[sorted.length / 2] / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
