package io.isthmus.controller.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.problem.ProblemException;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.InterfaceRequest;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.Tenant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Concurrent conflicting requests end with exactly one winner; concurrent allocations never share a value. */
class SystemRacesTest extends SystemFixture {
    private static final int THREADS = 8;

    /** Runs {@code task(i)} on {@value #THREADS} threads released together; returns outcome type counts. */
    private Map<String, Integer> race(TaskFn task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    String outcome;
                    try {
                        task.run(index);
                        outcome = "ok";
                    } catch (ValidationException e) {
                        outcome = e.type().name();
                    } catch (ProblemException e) {
                        outcome = e.type().name();
                    }
                    outcomes.merge(outcome, 1, Integer::sum);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        return outcomes;
    }

    @FunctionalInterface
    interface TaskFn {
        void run(int index) throws Exception;
    }

    @RepeatedTest(3)
    void oneOfConcurrentNodesWantingOneAddressWins() throws Exception {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        Host host = host();
        Map<String, Integer> outcomes = race(i -> system.nodes().create(acme.id(), prod.id(),
            new NodeRequest("vm-" + i, host.id(), true, List.of(InterfaceRequest.at(web.id(), ip("10.0.1.10"))))));
        assertThat(outcomes).isEqualTo(Map.of("ok", 1, "ADDRESS_IN_USE", THREADS - 1));
        assertThat(system.nodes().list(acme.id(), prod.id(), null, 100).items()).hasSize(1);
    }

    @RepeatedTest(3)
    void oneOfConcurrentSubnetsWithOneCidrWins() throws Exception {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Map<String, Integer> outcomes = race(i -> system.networks().createSubnet(acme.id(), prod.id(),
            new SubnetRequest("web-" + i, prefix("10.0.1.0/24"))));
        assertThat(outcomes).isEqualTo(Map.of("ok", 1, "OVERLAPPING_SUBNET", THREADS - 1));
        assertThat(system.networks().subnets(acme.id(), prod.id(), null, 100).items()).hasSize(1);
        assertThat(system.networks().devices(acme.id(), prod.id())).hasSize(1);
    }

    @Test
    void concurrentAllocatedAddressesAreDistinct() throws Exception {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        Host host = host();
        Map<String, Integer> outcomes = race(i -> {
            for (int n = 0; n < 4; n++) {
                system.nodes().create(acme.id(), prod.id(), new NodeRequest("vm-" + i + "-" + n, host.id(), true,
                    List.of(InterfaceRequest.allocated(web.id()))));
            }
        });
        assertThat(outcomes).isEqualTo(Map.of("ok", THREADS));
        Set<Integer> addresses = new HashSet<>();
        system.nodes().list(acme.id(), prod.id(), null, 500).items()
            .forEach(n -> addresses.add(n.interfaces().getFirst().address()));
        assertThat(addresses).hasSize(THREADS * 4);
    }

    @Test
    void concurrentNetworkCreatesNeverShareAnOverlayId() throws Exception {
        Tenant acme = tenant("acme");
        Tenant globex = tenant("globex");
        int perThread = 25;
        Map<Integer, String> overlayIds = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        Map<String, Integer> outcomes = race(i -> {
            Tenant owner = i % 2 == 0 ? acme : globex;
            for (int n = 0; n < perThread; n++) {
                Network network = network(owner, "net-" + i + "-" + n, "10.0.0.0/16");
                if (overlayIds.putIfAbsent(network.overlayId(), network.id().value()) != null) {
                    duplicates.incrementAndGet();
                }
            }
        });
        assertThat(outcomes).isEqualTo(Map.of("ok", THREADS));
        assertThat(duplicates).hasValue(0);
        assertThat(overlayIds).hasSize(THREADS * perThread);
        assertThat(store.range(Keys.overlayIds(), null, 500).kvs()).hasSize(THREADS * perThread);
    }

    @RepeatedTest(3)
    void tenantDeleteAndNetworkCreateNeverLeaveAnOrphan() throws Exception {
        Tenant acme = tenant("acme");
        Map<String, Integer> outcomes = race(i -> {
            if (i == 0) {
                system.tenants().delete(acme.id(), 0);
            } else {
                network(acme, "net-" + i, "10.0.0.0/16");
            }
        });
        boolean deleted = store.get(Keys.tenant(acme.id())).isEmpty();
        boolean hasNetworks = !store.range(Keys.networks(acme.id()), null, 1).kvs().isEmpty();
        assertThat(deleted && hasNetworks).as(outcomes.toString()).isFalse();
    }

    @RepeatedTest(3)
    void hostDeleteAndNodeCreateNeverLeaveAnOrphan() throws Exception {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        Host host = host();
        Map<String, Integer> outcomes = race(i -> {
            if (i == 0) {
                system.hosts().delete(host.id(), 0);
            } else {
                system.nodes().create(acme.id(), prod.id(), new NodeRequest("vm-" + i, host.id(), true,
                    List.of(InterfaceRequest.allocated(web.id()))));
            }
        });
        boolean deleted = store.get(Keys.host(host.id())).isEmpty();
        boolean hasNodes = !store.range(Keys.hostNodes(host.id()), null, 1).kvs().isEmpty();
        assertThat(deleted && hasNodes).as(outcomes.toString()).isFalse();
    }
}
