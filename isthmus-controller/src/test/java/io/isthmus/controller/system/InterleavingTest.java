package io.isthmus.controller.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.allocation.NetworkIdRange;
import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.resource.Host;
import io.isthmus.api.resource.InterfaceRequest;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkRequest;
import io.isthmus.api.resource.NodeRequest;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.Tenant;
import io.isthmus.api.validation.Limits;
import io.isthmus.controller.store.KeyValue;
import io.isthmus.controller.store.RangePage;
import io.isthmus.controller.store.Store;
import io.isthmus.controller.store.Txn;
import io.isthmus.controller.store.TxnResult;
import io.isthmus.controller.store.Watch;
import io.isthmus.controller.store.WatchListener;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Deterministic interleavings: a competing write lands between a request's reads and its commit, so the commit's
 * compares must fail and the retry must re-validate against the competitor's state.
 */
class InterleavingTest extends SystemFixture {

    /** A store that runs a hook once, just before the next transaction it is given. */
    static final class HookedStore implements Store {
        final Store delegate;
        final AtomicReference<Runnable> beforeNextTxn = new AtomicReference<>();
        final AtomicInteger failedTxns = new AtomicInteger();

        HookedStore(Store delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<KeyValue> get(String key) {
            return delegate.get(key);
        }

        @Override
        public RangePage range(String prefix, String startAfterKey, int limit) {
            return delegate.range(prefix, startAfterKey, limit);
        }

        @Override
        public TxnResult txn(Txn txn) {
            Runnable hook = beforeNextTxn.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
            TxnResult result = delegate.txn(txn);
            if (!result.succeeded()) {
                failedTxns.incrementAndGet();
            }
            return result;
        }

        @Override
        public long revision() {
            return delegate.revision();
        }

        @Override
        public Watch watch(String prefix, long fromRevision, WatchListener listener) {
            return delegate.watch(prefix, fromRevision, listener);
        }

        @Override
        public void compact(long revision) {
            delegate.compact(revision);
        }

        @Override
        public long compactRevision() {
            return delegate.compactRevision();
        }

        @Override
        public void close() {
        }
    }

    private HookedStore hooked() {
        return new HookedStore(store);
    }

    private SystemManager on(Store target) {
        return SystemManager.create(target, new Random(99), Limits.DEFAULT, NetworkIdRange.ALL, clock, 72);
    }

    @Test
    void aSubnetCreatedBetweenReadAndCommitIsSeenOnRetry() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        HookedStore hooked = hooked();
        hooked.beforeNextTxn.set(() -> subnet(acme, prod, "first", "10.0.1.0/24"));
        assertValidation(ProblemType.OVERLAPPING_SUBNET, () -> on(hooked).networks().createSubnet(acme.id(),
            prod.id(), new SubnetRequest("second", prefix("10.0.1.0/25"))));
        assertThat(hooked.failedTxns).hasValue(1);
    }

    @Test
    void anAddressClaimedBetweenReadAndCommitIsSeenOnRetry() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        Host host = host();
        HookedStore hooked = hooked();
        hooked.beforeNextTxn.set(() -> system.nodes().create(acme.id(), prod.id(), new NodeRequest("first",
            host.id(), true, List.of(InterfaceRequest.at(web.id(), ip("10.0.1.9"))))));
        assertValidation(ProblemType.ADDRESS_IN_USE, () -> on(hooked).nodes().create(acme.id(), prod.id(),
            new NodeRequest("second", host.id(), true, List.of(InterfaceRequest.at(web.id(), ip("10.0.1.9"))))));
        assertThat(hooked.failedTxns).hasValue(1);
    }

    @Test
    void anAllocatedAddressTakenBetweenReadAndCommitMovesOn() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        Host host = host();
        HookedStore hooked = hooked();
        hooked.beforeNextTxn.set(() -> node(acme, prod, host, "first", web, true));
        var second = on(hooked).nodes().create(acme.id(), prod.id(), new NodeRequest("second", host.id(), true,
            List.of(InterfaceRequest.allocated(web.id()))));
        assertThat(second.interfaces().getFirst().address()).isEqualTo(ip("10.0.1.5"));
        assertThat(hooked.failedTxns).hasValue(1);
    }

    @Test
    void anOverlayIdTakenBetweenReadAndCommitIsNotShared() {
        Tenant acme = tenant("acme");
        HookedStore hooked = hooked();
        AtomicReference<Network> first = new AtomicReference<>();
        hooked.beforeNextTxn.set(() -> first.set(network(acme, "first", "10.0.0.0/16")));
        Network second = on(hooked).networks().create(acme.id(),
            new NetworkRequest("second", List.of(prefix("10.0.0.0/16"))));
        assertThat(second.overlayId()).isNotEqualTo(first.get().overlayId());
        assertThat(hooked.failedTxns).hasValue(1);
    }

    @Test
    void aConditionalUpdateLosingToAnotherWriterIsAVersionMismatch() {
        Tenant acme = tenant("acme");
        Network prod = network(acme, "prod", "10.0.0.0/16");
        Subnet web = subnet(acme, prod, "web", "10.0.1.0/24");
        HookedStore hooked = hooked();
        hooked.beforeNextTxn.set(() -> system.networks().updateSubnet(acme.id(), web.id(),
            new io.isthmus.api.resource.SubnetUpdate("renamed"), web.version()));
        assertProblem(ProblemType.VERSION_MISMATCH, () -> on(hooked).networks().updateSubnet(acme.id(), web.id(),
            new io.isthmus.api.resource.SubnetUpdate("other"), web.version()));
        assertThat(system.networks().subnet(acme.id(), web.id()).name()).isEqualTo("renamed");
    }
}
