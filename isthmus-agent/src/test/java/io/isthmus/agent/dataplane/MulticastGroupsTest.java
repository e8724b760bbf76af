package io.isthmus.agent.dataplane;

import static io.isthmus.agent.dataplane.Fixture.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The multicast membership table: local and remote members merged per (network, group), replaced as wholes. */
class MulticastGroupsTest {
    private static final int G1 = ip("239.1.1.1");
    private static final int G2 = ip("239.2.2.2");

    private final MulticastGroups groups = new MulticastGroups();

    @Test
    void localAndRemoteMembersOfAGroupAreFoundTogetherAndNetworksStayApart() {
        groups.replaceLocal(List.of(new MulticastGroups.LocalMember(7, G1, 0),
            new MulticastGroups.LocalMember(7, G1, 3), new MulticastGroups.LocalMember(8, G1, 5)));
        groups.replaceRemote(7, Map.of(G1, List.of(new MulticastGroups.RemoteHost(1, 2, new int[] {ip("10.0.1.0")})),
            G2, List.of(new MulticastGroups.RemoteHost(3, 4, new int[] {ip("10.0.2.0"), ip("10.0.1.0")}))));

        MulticastGroups.Group g1 = groups.snapshot().find(7, G1);
        assertThat(g1.localCount()).isEqualTo(2);
        assertThat(g1.hasLocal(0)).isTrue();
        assertThat(g1.hasLocal(3)).isTrue();
        assertThat(g1.hasLocal(5)).as("port 5 joined G1 in network 8").isFalse();
        assertThat(g1.remoteCount()).isEqualTo(1);
        assertThat(g1.remoteHigh(0)).isEqualTo(1);
        assertThat(g1.remoteLow(0)).isEqualTo(2);
        assertThat(g1.remoteHasSubnet(0, ip("10.0.1.0"))).isTrue();
        assertThat(g1.remoteHasSubnet(0, ip("10.0.2.0"))).isFalse();
        MulticastGroups.Group g2 = groups.snapshot().find(7, G2);
        assertThat(g2.localCount()).isZero();
        assertThat(g2.remoteHasSubnet(0, ip("10.0.2.0"))).isTrue();
        assertThat(groups.snapshot().find(8, G1).remoteCount()).isZero();
        assertThat(groups.snapshot().find(8, G2)).isNull();
        assertThat(groups.snapshot().find(9, G1)).isNull();
        assertThat(groups.snapshot().size()).isEqualTo(3);
    }

    @Test
    void replacingOneSideKeepsTheOtherAndEmptyGroupsVanish() {
        groups.replaceLocal(List.of(new MulticastGroups.LocalMember(7, G1, 0)));
        groups.replaceRemote(7, Map.of(G1, List.of(new MulticastGroups.RemoteHost(1, 2, new int[0]))));
        MulticastGroups.Snapshot before = groups.snapshot();

        groups.replaceLocal(List.of());
        assertThat(groups.snapshot().find(7, G1).remoteCount()).isEqualTo(1);
        assertThat(before.find(7, G1).localCount()).as("a snapshot never changes").isEqualTo(1);
        groups.replaceRemote(7, Map.of(G1, List.of()));
        assertThat(groups.snapshot().find(7, G1)).isNull();
        assertThat(groups.snapshot().size()).isZero();
    }

    @Test
    void retainingNetworksForgetsTheRemoteMembersOfOthers() {
        groups.replaceRemote(7, Map.of(G1, List.of(new MulticastGroups.RemoteHost(1, 2, new int[0]))));
        groups.replaceRemote(8, Map.of(G1, List.of(new MulticastGroups.RemoteHost(1, 2, new int[0]))));

        groups.retainRemote(Set.of(8));

        assertThat(groups.snapshot().find(7, G1)).isNull();
        assertThat(groups.snapshot().find(8, G1)).isNotNull();
    }

    @Test
    void manyGroupsAreAllFound() {
        List<MulticastGroups.LocalMember> members = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            members.add(new MulticastGroups.LocalMember(i % 7, G1 + i, i % 100));
        }
        groups.replaceLocal(members);
        for (int i = 0; i < 5000; i++) {
            assertThat(groups.snapshot().find(i % 7, G1 + i).hasLocal(i % 100)).isTrue();
            assertThat(groups.snapshot().find((i + 1) % 7, G1 + i)).isNull();
        }
    }
}
