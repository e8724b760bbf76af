package io.isthmus.controller.peering;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.channel.v1.PeerRangeInfo;
import io.isthmus.api.channel.v1.PeerSubnetInfo;
import io.isthmus.api.channel.v1.TrafficRuleInfo;
import io.isthmus.api.resource.AttachmentPolicy;
import io.isthmus.api.resource.Network;
import io.isthmus.api.resource.NetworkId;
import io.isthmus.api.resource.NetworkOptions;
import io.isthmus.api.resource.OverlapMode;
import io.isthmus.api.resource.PeeringAttachment;
import io.isthmus.api.resource.PeeringAttachmentId;
import io.isthmus.api.resource.PeeringAttachmentState;
import io.isthmus.api.resource.PeeringLink;
import io.isthmus.api.resource.PeeringLinkId;
import io.isthmus.api.resource.PeeringRouterId;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetId;
import io.isthmus.api.resource.TenantId;
import io.isthmus.api.resource.TrafficRule;
import io.isthmus.api.resource.Translation;
import io.isthmus.routing.PrefixRange;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per rule of {@link PeeringComputation}'s Javadoc, on states built by hand. */
class PeeringComputationTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final TenantId TENANT = new TenantId("ten-000000000001");
    private static final PeeringRouterId R1 = router(1);
    private static final PeeringRouterId R2 = router(2);
    private static final PeeringRouterId R3 = router(3);
    private static final PeeringRouterId R4 = router(4);

    private final Map<NetworkId, Network> networks = new HashMap<>();
    private final Map<NetworkId, List<Subnet>> subnets = new HashMap<>();
    private final List<PeeringAttachment> attachments = new ArrayList<>();
    private final List<PeeringLink> links = new ArrayList<>();

    private static String id(String prefix, int n) {
        return prefix + "-" + String.format("%012d", n);
    }

    private static PeeringRouterId router(int n) {
        return new PeeringRouterId(id("pr", n));
    }

    private static Ipv4Prefix p(String text) {
        return Ipv4Prefix.parse(text);
    }

    private static List<PrefixRange> ranges(String... texts) {
        return List.of(texts).stream().map(PrefixRange::parse).toList();
    }

    /** Network {@code n} with {@code blocks} and overlay id 100 + n, each given subnet created. */
    private Network network(int n, String block, String... subnetCidrs) {
        Network network = new Network(new NetworkId(id("net", n)), TENANT, "n" + n, List.of(p(block)), 100 + n,
            NetworkOptions.DEFAULTS, 1);
        networks.put(network.id(), network);
        List<Subnet> list = new ArrayList<>();
        for (int i = 0; i < subnetCidrs.length; i++) {
            list.add(Subnet.of(new SubnetId(id("sub", n * 100 + i)), TENANT, network.id(), "s" + i,
                p(subnetCidrs[i]), 1));
        }
        subnets.put(network.id(), list);
        return network;
    }

    private static AttachmentPolicy policy(List<PrefixRange> exports, List<PrefixRange> imports,
                                           List<PeeringAttachmentId> peers, OverlapMode overlap) {
        return new AttachmentPolicy(exports, imports, List.of(), false, peers, overlap, List.of());
    }

    private PeeringAttachment attach(int n, PeeringRouterId router, Network network) {
        return attach(n, router, network, AttachmentPolicy.DEFAULTS, List.of());
    }

    private PeeringAttachment attach(int n, PeeringRouterId router, Network network, AttachmentPolicy policy,
                                     List<Translation> translations) {
        return add(new PeeringAttachment(new PeeringAttachmentId(id("pa", n)), router, TENANT, network.id(), TENANT,
            TENANT, PeeringAttachmentState.ACTIVE, true, true, network.cidrBlocks(), policy, translations, 0,
            NOW.minusSeconds(60), null, 1));
    }

    private PeeringAttachment add(PeeringAttachment attachment) {
        attachments.add(attachment);
        return attachment;
    }

    private void link(int n, PeeringRouterId a, PeeringRouterId b) {
        links.add(new PeeringLink(new PeeringLinkId(id("pl", n)), a, TENANT, b, TENANT,
            PeeringAttachmentState.ACTIVE, 1));
    }

    private PeeringComputation.Result view(Network network) {
        return PeeringComputation.compute(network.id(), new PeeringState(attachments, links, networks, subnets, NOW,
            7));
    }

    private List<Ipv4Prefix> seen(Network network) {
        return view(network).info().getPeersList().stream()
            .map(r -> Ipv4Prefix.normalized(r.getPrefix(), r.getLength())).toList();
    }

    private static List<String> hops(PeerRangeInfo range) {
        return range.getRouterHopsList().stream().map(Ipv4Address::format).toList();
    }

    @Test
    void aNetworkSeesAPeerOnItsRouterWithBothPoliciesAndThePeersSubnets() {
        Network a = network(1, "10.1.0.0/16", "10.1.1.0/24");
        Network b = network(2, "10.2.0.0/16", "10.2.3.0/24", "10.2.4.0/24");
        PeeringAttachment pa = attach(1, R1, a, new AttachmentPolicy(List.of(), List.of(), List.of(new TrafficRule(
            TrafficRule.Direction.OUT, TrafficRule.Protocol.ICMP, 0, 0, p("0.0.0.0/0"))), true, List.of(),
            OverlapMode.REFUSE, List.of()), List.of());
        PeeringAttachment pb = attach(2, R1, b, new AttachmentPolicy(List.of(), List.of(), List.of(new TrafficRule(
            TrafficRule.Direction.IN, TrafficRule.Protocol.TCP, 443, 443, p("10.2.3.0/24"))), false, List.of(),
            OverlapMode.REFUSE, List.of()), List.of());

        NetworkPeeringInfo info = view(a).info();

        assertThat(info.getNetworkId()).isEqualTo(a.id().value());
        assertThat(info.getVersion()).isEqualTo(7);
        assertThat(info.getAttachmentsList()).singleElement().satisfies(att -> {
            assertThat(att.getAttachmentId()).isEqualTo(pa.id().value());
            assertThat(att.getRouterId()).isEqualTo(R1.value());
            assertThat(att.getResponsesOnly()).isTrue();
            assertThat(att.getRulesList()).containsExactly(TrafficRuleInfo.newBuilder()
                .setDirection(TrafficRuleInfo.Direction.OUT).setProtocol(1).setFromPort(0).setToPort(65535).build());
        });
        PeerRangeInfo range = info.getPeers(0);
        assertThat(info.getPeersList()).hasSize(1);
        assertThat(Ipv4Prefix.normalized(range.getPrefix(), range.getLength())).isEqualTo(p("10.2.0.0/16"));
        assertThat(range.getPeerPrefix()).isEqualTo(range.getPrefix());
        assertThat(range.getPeerNetworkId()).isEqualTo(b.id().value());
        assertThat(range.getPeerOverlayId()).isEqualTo(102);
        assertThat(range.getLocalAttachmentId()).isEqualTo(pa.id().value());
        assertThat(range.getPeerAttachmentId()).isEqualTo(pb.id().value());
        assertThat(range.getPeerRulesList()).containsExactly(TrafficRuleInfo.newBuilder()
            .setDirection(TrafficRuleInfo.Direction.IN).setProtocol(6).setFromPort(443).setToPort(443)
            .setDestination(Ipv4Address.parse("10.2.3.0")).setDestinationLength(24).build());
        assertThat(range.getRouterIdsList()).containsExactly(R1.value());
        assertThat(range.getRouterHopsList()).containsExactly(RouterHops.address(R1));
        assertThat(range.getPeerSubnetsList()).extracting(PeerSubnetInfo::getGateway)
            .containsExactly(Ipv4Address.parse("10.2.3.1"), Ipv4Address.parse("10.2.4.1"));
        assertThat(view(b).info().getPeersList()).extracting(PeerRangeInfo::getPeerNetworkId)
            .containsExactly(a.id().value());
    }

    @Test
    void thePeersExportsFilterItsOwnAddressesAndFallBackToItsSubnets() {
        Network a = network(1, "10.1.0.0/16");
        Network b = network(2, "10.2.0.0/16", "10.2.3.0/24", "10.2.4.0/24");
        attach(1, R1, a);
        attach(2, R1, b, policy(ranges("10.2.3.0/24"), List.of(), List.of(), OverlapMode.REFUSE), List.of());

        assertThat(seen(a)).containsExactly(p("10.2.3.0/24"));
    }

    @Test
    void exportsApplyToThePeersRealAddressesNotItsRepresentative() {
        Network a = network(1, "10.1.0.0/16");
        Network b = network(2, "10.2.0.0/16");
        PeeringAttachment pb = attach(2, R1, b, policy(ranges("10.50.0.0/16"), List.of(), List.of(),
            OverlapMode.TRANSLATE), List.of(new Translation(p("10.2.0.0/16"), p("10.50.0.0/16"))));
        attach(1, R1, a);
        assertThat(seen(a)).isEmpty();

        attachments.remove(pb);
        attach(2, R1, b, policy(ranges("10.2.0.0/16"), List.of(), List.of(), OverlapMode.TRANSLATE),
            List.of(new Translation(p("10.2.0.0/16"), p("10.50.0.0/16"))));
        assertThat(seen(a)).containsExactly(p("10.50.0.0/16"));
    }

    @Test
    void importsApplyToTheAddressesAsTheNetworkIsOfferedThem() {
        Network a = network(1, "10.1.0.0/16");
        Network b = network(2, "10.2.0.0/16");
        Network c = network(3, "10.3.0.0/16");
        attach(2, R1, b, AttachmentPolicy.DEFAULTS, List.of(new Translation(p("10.2.0.0/16"), p("10.50.0.0/16"))));
        attach(3, R1, c);
        PeeringAttachment pa = attach(1, R1, a, policy(List.of(), ranges("10.2.0.0/16", "10.3.0.0/16"), List.of(),
            OverlapMode.REFUSE), List.of());
        assertThat(seen(a)).containsExactly(p("10.3.0.0/16"));

        attachments.remove(pa);
        attach(1, R1, a, policy(List.of(), ranges("10.50.0.0/16"), List.of(), OverlapMode.REFUSE), List.of());
        assertThat(seen(a)).containsExactly(p("10.50.0.0/16"));
    }

    @Test
    void bothPeersListsMustAllowTheOtherAttachment() {
        Network a = network(1, "10.1.0.0/16");
        Network b = network(2, "10.2.0.0/16");
        Network c = network(3, "10.3.0.0/16");
        Network d = network(4, "10.4.0.0/16");
        PeeringAttachmentId pbId = new PeeringAttachmentId(id("pa", 2));
        attach(1, R1, a, policy(List.of(), List.of(), List.of(pbId, new PeeringAttachmentId(id("pa", 4))),
            OverlapMode.REFUSE), List.of());
        attach(2, R1, b);
        attach(3, R1, c);
        attach(4, R1, d, policy(List.of(), List.of(), List.of(pbId), OverlapMode.REFUSE), List.of());

        assertThat(seen(a)).as("c is not on a's list; d's list leaves a out").containsExactly(p("10.2.0.0/16"));
        assertThat(seen(c)).as("a's list leaves c out").containsExactly(p("10.2.0.0/16"));
        assertThat(seen(b)).containsExactly(p("10.1.0.0/16"), p("10.3.0.0/16"), p("10.4.0.0/16"));
    }

    @Test
    void expiredAndPendingAttachmentsConnectNothing() {
        Network a = network(1, "10.1.0.0/16");
        Network b = network(2, "10.2.0.0/16");
        Network c = network(3, "10.3.0.0/16");
        attach(1, R1, a);
        PeeringAttachment pb = attach(2, R1, b);
        attachments.remove(pb);
        add(pb.with(PeeringAttachmentState.ACTIVE, true, true, List.of(), NOW.minusSeconds(1)));
        PeeringAttachment pc = attach(3, R1, c);
        attachments.remove(pc);
        add(pc.with(PeeringAttachmentState.PENDING_ACCEPTANCE, true, false, List.of(), null));

        assertThat(seen(a)).isEmpty();
        assertThat(view(b).info().getAttachmentsList()).isEmpty();
        assertThat(PeeringComputation.computeAll(new PeeringState(attachments, links, networks, subnets, NOW, 7)))
            .containsOnlyKeys(a.id());

        attachments.removeLast();
        attachments.removeLast();
        add(pb.with(PeeringAttachmentState.ACTIVE, true, true, List.of(), NOW.plusSeconds(1)));
        assertThat(seen(a)).as("not expired yet").containsExactly(p("10.2.0.0/16"));
    }

    @Test
    void aBlockAddedToAPeerNetworkAfterItAttachedIsOfferedToo() {
        Network a = network(1, "10.1.0.0/16");
        Network b = network(2, "10.2.0.0/16");
        attach(1, R1, a);
        attach(2, R1, b);
        networks.put(b.id(), new Network(b.id(), TENANT, "n2", List.of(p("10.2.0.0/16"), p("10.20.0.0/16")), 102,
            NetworkOptions.DEFAULTS, 2));

        assertThat(seen(a)).containsExactly(p("10.2.0.0/16"), p("10.20.0.0/16"));
    }

    @Test
    void aPeersRepresentativeIsSeenWithItsSubnetsAtTheSameOffset() {
        Network a = network(1, "10.1.0.0/16");
        Network b = network(2, "10.1.0.0/16", "10.1.5.0/24");
        attach(1, R1, a);
        attach(2, R1, b, policy(List.of(), List.of(), List.of(), OverlapMode.TRANSLATE),
            List.of(new Translation(p("10.1.0.0/16"), p("10.60.0.0/16"))));

        PeerRangeInfo range = view(a).info().getPeers(0);
        assertThat(Ipv4Prefix.normalized(range.getPrefix(), range.getLength())).isEqualTo(p("10.60.0.0/16"));
        assertThat(range.getPeerPrefix()).isEqualTo(Ipv4Address.parse("10.1.0.0"));
        assertThat(range.getPeerSubnets(0).getPrefix()).isEqualTo(Ipv4Address.parse("10.60.5.0"));
        assertThat(range.getPeerSubnets(0).getGateway()).isEqualTo(Ipv4Address.parse("10.60.5.1"));
    }

    @Test
    void anOverlappingRangeIsSeenThroughAnImportRepresentativeWhenTheNetworkTranslates() {
        Network a = network(1, "10.1.0.0/16");
        Network b = network(2, "10.1.0.0/16");
        Network c = network(3, "10.0.0.0/16");
        attach(1, R1, a, policy(List.of(), List.of(), List.of(), OverlapMode.TRANSLATE),
            List.of(new Translation(p("10.1.0.0/16"), p("10.70.0.0/16"))));
        attach(2, R1, b);
        attach(3, R1, c);

        PeeringComputation.Result result = view(a);
        PeerRangeInfo fromB = result.info().getPeersList().stream()
            .filter(r -> r.getPeerNetworkId().equals(b.id().value())).findFirst().orElseThrow();
        assertThat(fromB.getPeerPrefix()).isEqualTo(Ipv4Address.parse("10.1.0.0"));
        assertThat(Ipv4Prefix.normalized(fromB.getPrefix(), fromB.getLength()))
            .as("the lowest free /16 past a's block and c's range").isEqualTo(p("10.2.0.0/16"));
        assertThat(result.leftOut()).isEmpty();
        assertThat(seen(a)).containsExactly(p("10.0.0.0/16"), p("10.2.0.0/16"));
        assertThat(view(a).info()).as("deterministic").isEqualTo(result.info());
        assertThat(seen(b)).as("b sees a's representative").contains(p("10.70.0.0/16"));
    }

    @Test
    void anOverlappingRangeIsLeftOutWhenTheNetworkRefuses() {
        Network a = network(1, "10.1.0.0/16");
        Network b = network(2, "10.1.0.0/16");
        Network c = network(3, "10.3.0.0/16");
        attach(1, R1, a);
        attach(2, R1, b);
        attach(3, R1, c);

        PeeringComputation.Result result = view(a);
        assertThat(seen(a)).containsExactly(p("10.3.0.0/16"));
        assertThat(result.leftOut()).containsExactly(p("10.1.0.0/16"));
    }

    @Test
    void aFabricOfTwoRoutersCarriesThePeersRangesWithThePath() {
        Network a = network(1, "10.1.0.0/16");
        Network b = network(2, "10.2.0.0/16");
        attach(1, R1, a);
        attach(2, R2, b);
        assertThat(seen(a)).as("no link").isEmpty();
        links.add(new PeeringLink(new PeeringLinkId(id("pl", 1)), R1, TENANT, R2, TENANT,
            PeeringAttachmentState.PENDING_ACCEPTANCE, 1));
        assertThat(seen(a)).as("pending link").isEmpty();

        link(2, R2, R1);
        PeerRangeInfo range = view(a).info().getPeers(0);
        assertThat(range.getRouterIdsList()).containsExactly(R1.value(), R2.value());
        assertThat(hops(range)).containsExactly(Ipv4Address.format(RouterHops.address(R1)),
            Ipv4Address.format(RouterHops.address(R2)));
        assertThat(view(b).info().getPeers(0).getRouterIdsList()).containsExactly(R2.value(), R1.value());
    }

    @Test
    void aTriangleOfRoutersNeverLoopsAndTakesTheShortestPath() {
        Network a = network(1, "10.1.0.0/16");
        Network b = network(2, "10.2.0.0/16");
        Network c = network(3, "10.3.0.0/16");
        attach(1, R1, a);
        attach(2, R2, b);
        attach(3, R3, c);
        link(1, R1, R2);
        link(2, R2, R3);
        link(3, R3, R1);

        NetworkPeeringInfo info = view(a).info();
        assertThat(info.getPeersList()).hasSize(2);
        assertThat(info.getPeersList()).allSatisfy(r -> assertThat(r.getRouterIdsCount()).isEqualTo(2));
        assertThat(info.getPeers(1).getRouterIdsList()).containsExactly(R1.value(), R3.value());
    }

    @Test
    void betweenEquallyShortPathsTheLowerRouterIdsWin() {
        Network a = network(1, "10.1.0.0/16");
        Network d = network(4, "10.4.0.0/16");
        attach(1, R1, a);
        attach(4, R4, d);
        link(1, R1, R3);
        link(2, R3, R4);
        link(3, R4, R2);
        link(4, R2, R1);

        assertThat(view(a).info().getPeers(0).getRouterIdsList())
            .containsExactly(R1.value(), R2.value(), R4.value());
    }

    @Test
    void aRouteCrossingALinkIsFilteredByTheAttachmentsOnBothRouters() {
        Network a = network(1, "10.1.0.0/16");
        Network b = network(2, "10.2.0.0/16", "10.2.3.0/24", "10.2.4.0/24");
        Network c = network(3, "10.3.0.0/16");
        attach(1, R1, a, policy(List.of(), ranges("10.2.0.0/16", "10.9.0.0/16"), List.of(), OverlapMode.REFUSE),
            List.of());
        attach(2, R2, b, policy(ranges("10.2.3.0/24"), List.of(), List.of(), OverlapMode.REFUSE), List.of());
        attach(3, R2, c);
        link(1, R1, R2);

        assertThat(seen(a)).as("b's exports on R2, a's imports on R1").containsExactly(p("10.2.3.0/24"));
        assertThat(view(a).info().getPeers(0).getRouterIdsList()).containsExactly(R1.value(), R2.value());
        assertThat(seen(c)).as("a exports everything; c imports everything")
            .containsExactly(p("10.1.0.0/16"), p("10.2.3.0/24"));
    }

    @Test
    void aPeerReachedByTwoPathsIsSeenOnceByTheShorter() {
        Network a = network(1, "10.1.0.0/16");
        Network b = network(2, "10.2.0.0/16");
        attach(1, R2, a);
        attach(2, R1, b);
        attach(3, R3, b);
        link(1, R2, R1);
        link(2, R2, R4);
        link(3, R4, R3);

        NetworkPeeringInfo info = view(a).info();
        assertThat(info.getPeersList()).singleElement()
            .satisfies(r -> assertThat(r.getRouterIdsList()).containsExactly(R2.value(), R1.value()));
    }

    @Test
    void routerHopsAreFixedAddressesOfTheSharedSpaceNeverDotZeroOrDot255() {
        Ipv4Prefix shared = p("100.64.0.0/10");
        for (int i = 0; i < 5000; i++) {
            int hop = RouterHops.address(router(i));
            assertThat(shared.contains(hop)).isTrue();
            assertThat(hop & 0xff).isBetween(1, 254);
        }
        assertThat(RouterHops.address(R1)).isEqualTo(RouterHops.address(new PeeringRouterId(R1.value())));
        assertThat(RouterHops.address(R1)).isNotEqualTo(RouterHops.address(R2));
        assertThat(Ipv4Address.format(RouterHops.address(R1))).as("stable across releases").isEqualTo("100.127.138.70");
    }
}
