package io.isthmus.bench;

import io.isthmus.agent.controller.ControllerClient;
import io.isthmus.api.channel.v1.Resolution;
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
import io.isthmus.controller.Controller;
import io.isthmus.controller.system.SystemManager;
import io.isthmus.wire.Ipv4Prefix;
import io.isthmus.wire.Ipv6Prefix;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Load benchmark of the agent channel's resolution (not a JMH benchmark, not a test): starts a controller on
 * loopback with one network of {@code --nodes} nodes (default 1000) in four subnets, placed alternately on two
 * hosts, then {@code --threads} client threads (default 16) resolve random source/destination pairs for
 * {@code --seconds} (default 20) after {@code --warmup} seconds (default 5), each through the
 * {@link ControllerClient} of the source node's host ({@code --connections} per host, default 2). Prints
 * resolutions per second and the latency distribution of the blocking calls (HdrHistogram). Run with
 * {@code scripts/bench-resolve}.
 */
public final class ResolutionBenchmark {
    private ResolutionBenchmark() {
    }

    /** Runs the benchmark; options {@code --nodes --threads --seconds --warmup --connections}. */
    public static void main(String[] args) throws Exception {
        int nodes = option(args, "--nodes", 1000);
        int threads = option(args, "--threads", 16);
        int seconds = option(args, "--seconds", 20);
        int warmup = option(args, "--warmup", 5);
        int connections = option(args, "--connections", 2);
        Path dir = Files.createTempDirectory("isthmus-bench-resolve");
        try (Controller controller = Controller.start(dir, new InetSocketAddress("127.0.0.1", 0), null)) {
            SystemManager system = controller.system();
            Tenant tenant = system.tenants().create(new TenantRequest("bench"));
            List<Host> hosts = List.of(
                system.hosts().register(new HostRequest("bench-1", Ipv6Prefix.parse("2001:db8:0:100::/72"))),
                system.hosts().register(new HostRequest("bench-2", Ipv6Prefix.parse("2001:db8:0:200::/72"))));
            Network network = system.networks().create(tenant.id(), new NetworkRequest("bench",
                List.of(Ipv4Prefix.parse("10.0.0.0/16"))));
            int subnetCount = Math.max(4, (nodes + 249) / 250);
            List<Subnet> subnets = new ArrayList<>();
            for (int s = 0; s < subnetCount; s++) {
                subnets.add(system.networks().createSubnet(tenant.id(), network.id(), new SubnetRequest("s" + s,
                    Ipv4Prefix.parse("10.0." + s + ".0/24"))));
            }
            long setup = System.nanoTime();
            List<Node> all = new ArrayList<>(nodes);
            for (int i = 0; i < nodes; i++) {
                all.add(system.nodes().create(tenant.id(), network.id(), new NodeRequest("n" + i,
                    hosts.get(i % 2).id(), true, List.of(InterfaceRequest.allocated(subnets.get(i % subnetCount)
                        .id())))));
            }
            System.out.printf("setup: %d nodes on 2 hosts, %d subnets, in %.1f s; store revision %d%n", nodes,
                subnetCount, (System.nanoTime() - setup) / 1e9, controller.store().revision());
            List<List<ControllerClient>> clients = new ArrayList<>();
            for (Host host : hosts) {
                List<ControllerClient> perHost = new ArrayList<>();
                for (int c = 0; c < connections; c++) {
                    perHost.add(ControllerClient.connect(controller.agentChannelAddress(),
                        controller.agentCredentials().issue(host.id())));
                }
                clients.add(perHost);
            }
            Node[] pool = all.toArray(Node[]::new);
            run(pool, clients, threads, warmup, false);
            Result result = run(pool, clients, threads, seconds, true);
            clients.forEach(list -> list.forEach(ControllerClient::close));
            Histogram h = result.histogram;
            System.out.printf("threads=%d connections/host=%d duration=%ds cores=%d java=%s%n", threads,
                connections, seconds, Runtime.getRuntime().availableProcessors(), Runtime.version());
            System.out.printf("resolutions: %d (%d allowed, %d errors)%n", h.getTotalCount(), result.allowed,
                result.errors);
            System.out.printf("throughput: %.0f resolutions/s%n", h.getTotalCount() / (result.nanos / 1e9));
            System.out.printf("latency us: p50=%.0f p90=%.0f p99=%.0f p999=%.0f max=%.0f mean=%.0f%n",
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
                h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3,
                h.getMean() / 1e3);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Result(Histogram histogram, long allowed, long errors, long nanos) {
    }

    private static Result run(Node[] pool, List<List<ControllerClient>> clients, int threads, int seconds,
                              boolean measure) throws InterruptedException {
        Histogram total = new Histogram(60_000_000_000L, 3);
        AtomicLong allowed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long[] window = new long[2];
        for (int t = 0; t < threads; t++) {
            int index = t;
            workers.add(Thread.ofPlatform().name("resolver-" + t).start(() -> {
                Histogram mine = new Histogram(60_000_000_000L, 3);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long ok = 0;
                long failed = 0;
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = window[1];
                while (System.nanoTime() < end) {
                    Node source = pool[random.nextInt(pool.length)];
                    Node destination = pool[random.nextInt(pool.length)];
                    // Node i is on host i % 2: the creation order; find the host by id instead of assuming.
                    ControllerClient client = clients.get(source.hostId().equals(pool[0].hostId()) ? 0 : 1)
                        .get(index % clients.getFirst().size());
                    long began = System.nanoTime();
                    try {
                        Resolution r = client.resolve(source.id().value(),
                            source.interfaces().getFirst().id().value(),
                            destination.interfaces().getFirst().address());
                        mine.recordValue(System.nanoTime() - began);
                        if (r.getAllowed()) {
                            ok++;
                        }
                    } catch (RuntimeException e) {
                        failed++;
                    }
                }
                synchronized (total) {
                    total.add(mine);
                }
                allowed.addAndGet(ok);
                errors.addAndGet(failed);
            }));
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + seconds * 1_000_000_000L;
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        long nanos = System.nanoTime() - window[0];
        if (!measure) {
            System.out.printf("warm-up: %d resolutions in %d s%n", total.getTotalCount(), seconds);
        }
        return new Result(total, allowed.get(), errors.get(), nanos);
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
