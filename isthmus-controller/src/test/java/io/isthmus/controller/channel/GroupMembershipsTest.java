package io.isthmus.controller.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.channel.ChannelCodec;
import io.isthmus.api.resource.HostId;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Prefix;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The controller's in-memory multicast membership table: replacement, merging per group, and the grace drop. */
class GroupMembershipsTest {
    private static final HostId H1 = new HostId("host-aaaaaaaaaaaa");
    private static final HostId H2 = new HostId("host-bbbbbbbbbbbb");
    private static final Ipv6Prefix P1 = Ipv6Prefix.parse("2001:db8:0:100::/72");
    private static final Ipv6Prefix P2 = Ipv6Prefix.parse("2001:db8:0:200::/72");
    private static final NetworkId NET = new NetworkId("net-aaaaaaaaaaaa");
    private static final int G1 = Ipv4Address.parse("239.1.1.1");
    private static final int G2 = Ipv4Address.parse("239.2.2.2");

    private final GroupMemberships memberships = new GroupMemberships(Duration.ofMillis(200));
    private final BlockingQueue<NetworkId> changes = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        memberships.close();
    }

    @Test
    void theTableListsEachGroupsHostsAndTheirSubnets() {
        memberships.report(H1, P1, NET, Map.of(G1, Set.of("sub-a"), G2, Set.of("sub-a", "sub-b")));
        memberships.report(H2, P2, NET, Map.of(G1, Set.of("sub-b")));

        var table = memberships.table(NET);
        assertThat(table).extracting(g -> g.getGroup()).containsExactly(G1, G2);
        assertThat(table.get(0).getHostsList()).extracting(h -> ChannelCodec.prefix(h.getHostSubstratePrefix()))
            .containsExactly(P1, P2);
        assertThat(table.get(1).getHosts(0).getSubnetIdsList()).containsExactly("sub-a", "sub-b");
    }

    @Test
    void aReportReplacesTheHostsPreviousOneAndListenersHearOfChangesOnly() throws Exception {
        memberships.listen(changes::add);

        assertThat(memberships.report(H1, P1, NET, Map.of(G1, Set.of("sub-a")))).isTrue();
        assertThat(changes.poll()).isEqualTo(NET);
        assertThat(memberships.report(H1, P1, NET, Map.of(G1, Set.of("sub-a")))).isFalse();
        assertThat(changes).isEmpty();
        assertThat(memberships.report(H1, P1, NET, Map.of(G2, Set.of("sub-a")))).isTrue();
        assertThat(memberships.table(NET)).extracting(g -> g.getGroup()).containsExactly(G2);
        assertThat(memberships.report(H1, P1, NET, Map.of())).isTrue();
        assertThat(memberships.table(NET)).isEmpty();
        assertThat(memberships.report(H1, P1, NET, Map.of())).isFalse();
    }

    @Test
    void aHostWithoutStreamForTheGracePeriodLosesItsMemberships() throws Exception {
        memberships.listen(changes::add);
        assertThat(memberships.connectedHosts()).isZero();
        memberships.streamOpened(H1);
        assertThat(memberships.connectedHosts()).isEqualTo(1);
        memberships.report(H1, P1, NET, Map.of(G1, Set.of("sub-a")));
        memberships.report(H2, P2, NET, Map.of(G1, Set.of("sub-a")));
        changes.clear();

        // A reconnect within the grace period keeps them.
        memberships.streamClosed(H1);
        memberships.streamOpened(H1);
        assertThat(changes.poll(400, TimeUnit.MILLISECONDS)).isNull();
        assertThat(memberships.table(NET).getFirst().getHostsList()).hasSize(2);

        memberships.streamClosed(H1);
        assertThat(memberships.connectedHosts()).isZero();
        assertThat(changes.poll(5, TimeUnit.SECONDS)).isEqualTo(NET);
        assertThat(memberships.table(NET).getFirst().getHostsList())
            .extracting(h -> ChannelCodec.prefix(h.getHostSubstratePrefix())).containsExactly(P2);
    }

    @Test
    void droppingAHostRemovesItFromEveryNetwork() {
        NetworkId other = new NetworkId("net-bbbbbbbbbbbb");
        memberships.report(H1, P1, NET, Map.of(G1, Set.of("sub-a")));
        memberships.report(H1, P1, other, Map.of(G1, Set.of("sub-c")));

        memberships.dropHost(H1);

        assertThat(memberships.table(NET)).isEmpty();
        assertThat(memberships.table(other)).isEqualTo(List.of());
    }
}
