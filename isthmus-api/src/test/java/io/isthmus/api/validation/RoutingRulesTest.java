package io.isthmus.api.validation;

import static io.isthmus.api.Fixtures.DB;
import static io.isthmus.api.Fixtures.HOST;
import static io.isthmus.api.Fixtures.NETWORK;
import static io.isthmus.api.Fixtures.WEB;
import static io.isthmus.api.Fixtures.assertRejected;
import static io.isthmus.api.Fixtures.ip;
import static io.isthmus.api.Fixtures.node;
import static io.isthmus.api.Fixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.isthmus.api.problem.ProblemType;
import io.isthmus.api.problem.ValidationException;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.NodeUpdate;
import io.isthmus.api.resource.RoutingParticipant;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetRequest;
import io.isthmus.api.resource.SubnetRouting;
import io.isthmus.api.resource.SubnetUpdate;
import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.RoutingProtocol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** {@link RoutingRules} through subnet updates: every setting's range and every participant rule. */
class RoutingRulesTest {
    private static final Node FW = node("fw", false, WEB, "10.0.1.10", DB, "10.0.2.10");
    private static final Node VM = node("vm", true, WEB, "10.0.1.4");
    private static final Node DB_ONLY = node("db-fw", false, DB, "10.0.2.11");
    private static final List<Node> NODES = List.of(FW, VM, DB_ONLY);
    private static final Set<RoutingProtocol> ALL = Set.of(RoutingProtocol.BGP, RoutingProtocol.OSPF,
        RoutingProtocol.RIP);

    private static PeerPolicy policy(String... allowed) {
        return new PeerPolicy(List.of(allowed).stream().map(PrefixRange::parse).toList(),
            PeerPolicy.DEFAULT_MAX_PREFIXES, PeerPolicy.DEFAULT_MESSAGES_PER_SECOND, PeerPolicy.DEFAULT_BURST);
    }

    private static RoutingParticipant bgpPeer(Node node, long asn) {
        return new RoutingParticipant(node.id(), Set.of(RoutingProtocol.BGP), asn, policy("10.9.0.0/16"));
    }

    private static SubnetRouting routing(Set<RoutingProtocol> protocols, SubnetRouting.Bgp bgp, SubnetRouting.Ospf ospf,
                                         SubnetRouting.Rip rip, RoutingParticipant... participants) {
        return new SubnetRouting(protocols, 0, bgp, ospf, rip, List.of(participants));
    }

    private static SubnetRouting all(RoutingParticipant... participants) {
        return routing(ALL, new SubnetRouting.Bgp(65000, 90), SubnetRouting.Ospf.DEFAULTS, SubnetRouting.Rip.DEFAULTS,
            participants);
    }

    private static void update(SubnetRouting routing) {
        SubnetRules.validateUpdate(WEB, new SubnetUpdate(null, routing), List.of(WEB, DB), NODES);
    }

    private static ThrowingCallable updating(SubnetRouting routing) {
        return () -> update(routing);
    }

    @Test
    void acceptsEveryProtocolWithAnApplianceParticipantAndKeepsTheName() {
        SubnetRouting routing = all(new RoutingParticipant(FW.id(), ALL, 65001, policy("10.9.0.0/16",
            "10.8.0.0/16{24,24}")));
        assertThatCode(() -> update(routing)).doesNotThrowAnyException();
        Subnet updated = SubnetRules.update(WEB, new SubnetUpdate(null, routing));
        assertThat(updated.name()).isEqualTo("web");
        assertThat(updated.routing()).isEqualTo(routing);
        assertThat(updated.routing().effectiveRouterId(updated.gateway())).isEqualTo(ip("10.0.1.1"));
        assertThat(SubnetRules.update(updated, new SubnetUpdate("web2")).routing()).isEqualTo(routing);
    }

    @Test
    void routingOffNeedsNothing() {
        assertThatCode(() -> update(SubnetRouting.OFF)).doesNotThrowAnyException();
        assertThat(SubnetRules.create(new SubnetRequest("s", prefix("10.0.3.0/24")), WEB.id(), NETWORK).routing())
            .isEqualTo(SubnetRouting.OFF);
    }

    @Test
    void settingsOfAProtocolNotEnabledAreNotJudged() {
        assertThatCode(() -> update(routing(Set.of(RoutingProtocol.RIP), new SubnetRouting.Bgp(0, 1),
            new SubnetRouting.Ospf(0, 0, 0, 0, SubnetRouting.OspfNetworkType.BROADCAST), SubnetRouting.Rip.DEFAULTS)))
            .doesNotThrowAnyException();
    }

    @Test
    void routerIdMustBeUnicast() {
        assertRejected(updating(new SubnetRouting(ALL, ip("224.0.0.5"), new SubnetRouting.Bgp(65000, 90),
            SubnetRouting.Ospf.DEFAULTS, SubnetRouting.Rip.DEFAULTS, List.of())), ProblemType.INVALID_FIELD,
            "/routing/routerId");
    }

    @Test
    void asnZeroIsRejected() {
        assertRejected(updating(routing(ALL, new SubnetRouting.Bgp(0, 90), SubnetRouting.Ospf.DEFAULTS,
            SubnetRouting.Rip.DEFAULTS)), ProblemType.INVALID_FIELD, "/routing/bgp/asn");
    }

    @Test
    void asnAbove32BitsIsRejected() {
        assertRejected(updating(routing(ALL, new SubnetRouting.Bgp(4_294_967_296L, 90), SubnetRouting.Ospf.DEFAULTS,
            SubnetRouting.Rip.DEFAULTS)), ProblemType.INVALID_FIELD, "/routing/bgp/asn");
        assertThatCode(() -> update(routing(ALL, new SubnetRouting.Bgp(4_294_967_295L, 90),
            SubnetRouting.Ospf.DEFAULTS, SubnetRouting.Rip.DEFAULTS))).doesNotThrowAnyException();
    }

    @Test
    void asTransIsRejected() {
        ValidationException e = assertRejected(updating(routing(ALL, new SubnetRouting.Bgp(23456, 90),
            SubnetRouting.Ospf.DEFAULTS, SubnetRouting.Rip.DEFAULTS)), ProblemType.INVALID_FIELD, "/routing/bgp/asn");
        assertThat(e.getMessage()).contains("AS_TRANS");
    }

    @Test
    void holdTimeOfOneOrTwoSecondsIsRejected() {
        assertRejected(updating(routing(ALL, new SubnetRouting.Bgp(65000, 2), SubnetRouting.Ospf.DEFAULTS,
            SubnetRouting.Rip.DEFAULTS)), ProblemType.INVALID_FIELD, "/routing/bgp/holdTimeSeconds");
        assertThatCode(() -> update(routing(ALL, new SubnetRouting.Bgp(65000, 0), SubnetRouting.Ospf.DEFAULTS,
            SubnetRouting.Rip.DEFAULTS))).doesNotThrowAnyException();
    }

    @Test
    void holdTimeAbove65535IsRejected() {
        assertRejected(updating(routing(ALL, new SubnetRouting.Bgp(65000, 65536), SubnetRouting.Ospf.DEFAULTS,
            SubnetRouting.Rip.DEFAULTS)), ProblemType.INVALID_FIELD, "/routing/bgp/holdTimeSeconds");
    }

    @Test
    void ospfHelloOfZeroIsRejected() {
        assertRejected(updating(routing(ALL, SubnetRouting.Bgp.DEFAULTS,
            new SubnetRouting.Ospf(0, 0, 40, 10, SubnetRouting.OspfNetworkType.BROADCAST), SubnetRouting.Rip.DEFAULTS)),
            ProblemType.INVALID_FIELD, "/routing/ospf/helloSeconds");
    }

    @Test
    void ospfDeadNotLongerThanHelloIsRejected() {
        assertRejected(updating(routing(ALL, SubnetRouting.Bgp.DEFAULTS,
            new SubnetRouting.Ospf(0, 10, 10, 10, SubnetRouting.OspfNetworkType.POINT_TO_POINT),
            SubnetRouting.Rip.DEFAULTS)), ProblemType.INVALID_FIELD, "/routing/ospf/deadSeconds");
    }

    @Test
    void ospfCostOfZeroIsRejected() {
        assertRejected(updating(routing(ALL, SubnetRouting.Bgp.DEFAULTS,
            new SubnetRouting.Ospf(0, 10, 40, 0, SubnetRouting.OspfNetworkType.BROADCAST), SubnetRouting.Rip.DEFAULTS)),
            ProblemType.INVALID_FIELD, "/routing/ospf/cost");
    }

    @Test
    void ripPasswordWithoutKeyIsRejected() {
        assertRejected(updating(routing(ALL, SubnetRouting.Bgp.DEFAULTS, SubnetRouting.Ospf.DEFAULTS,
            new SubnetRouting.Rip(SubnetRouting.RipAuthentication.PASSWORD, null, 0))), ProblemType.INVALID_FIELD,
            "/routing/rip/key");
    }

    @Test
    void ripKeyOfSeventeenCharactersIsRejected() {
        assertRejected(updating(routing(ALL, SubnetRouting.Bgp.DEFAULTS, SubnetRouting.Ospf.DEFAULTS,
            new SubnetRouting.Rip(SubnetRouting.RipAuthentication.MD5, "a".repeat(17), 1))), ProblemType.INVALID_FIELD,
            "/routing/rip/key");
        assertThatCode(() -> update(routing(ALL, SubnetRouting.Bgp.DEFAULTS, SubnetRouting.Ospf.DEFAULTS,
            new SubnetRouting.Rip(SubnetRouting.RipAuthentication.MD5, "a".repeat(16), 255))))
            .doesNotThrowAnyException();
    }

    @Test
    void ripMd5KeyIdAbove255IsRejected() {
        assertRejected(updating(routing(ALL, SubnetRouting.Bgp.DEFAULTS, SubnetRouting.Ospf.DEFAULTS,
            new SubnetRouting.Rip(SubnetRouting.RipAuthentication.MD5, "k", 256))), ProblemType.INVALID_FIELD,
            "/routing/rip/keyId");
    }

    @Test
    void ripKeyWithoutAuthenticationIsRejected() {
        assertRejected(updating(routing(ALL, SubnetRouting.Bgp.DEFAULTS, SubnetRouting.Ospf.DEFAULTS,
            new SubnetRouting.Rip(SubnetRouting.RipAuthentication.NONE, "k", 0))), ProblemType.INVALID_FIELD,
            "/routing/rip/key");
    }

    @Test
    void participantOfAnotherNetworkIsUnknown() {
        assertRejected(updating(all(bgpPeer(FW, 65001).withNode(NodeId.random(io.isthmus.api.Fixtures.RANDOM)))),
            ProblemType.UNKNOWN_PARTICIPANT, "/routing/participants/0/node");
    }

    @Test
    void participantThatIsNotAnApplianceIsRejectedWithTheReason() {
        ValidationException e = assertRejected(updating(all(bgpPeer(VM, 65001))),
            ProblemType.PARTICIPANT_NOT_APPLIANCE, "/routing/participants/0/node");
        assertThat(e.getMessage()).contains("appliance").contains("forward");
    }

    @Test
    void participantWithoutAnInterfaceInTheSubnetIsRejected() {
        assertRejected(updating(all(bgpPeer(DB_ONLY, 65001))), ProblemType.PARTICIPANT_NOT_IN_SUBNET,
            "/routing/participants/0/node");
    }

    @Test
    void participantsOfANewSubnetAreNotInIt() {
        assertRejected(() -> SubnetRules.validateCreate(new SubnetRequest("s", prefix("10.0.3.0/24"),
            all(bgpPeer(FW, 65001))), NETWORK, List.of(WEB, DB), NODES, Limits.DEFAULT),
            ProblemType.PARTICIPANT_NOT_IN_SUBNET, "/routing/participants/0/node");
    }

    @Test
    void participantListedTwiceIsRejected() {
        assertRejected(updating(all(bgpPeer(FW, 65001), bgpPeer(FW, 65002))), ProblemType.INVALID_FIELD,
            "/routing/participants/1/node");
    }

    @Test
    void participantProtocolNotEnabledOnTheSubnetIsRejected() {
        assertRejected(updating(routing(Set.of(RoutingProtocol.OSPF), SubnetRouting.Bgp.DEFAULTS,
            SubnetRouting.Ospf.DEFAULTS, SubnetRouting.Rip.DEFAULTS, bgpPeer(FW, 65001))), ProblemType.INVALID_FIELD,
            "/routing/participants/0/protocols");
    }

    @Test
    void participantWithoutProtocolIsRejected() {
        assertRejected(updating(all(new RoutingParticipant(FW.id(), Set.of(), 0, policy()))),
            ProblemType.INVALID_FIELD, "/routing/participants/0/protocols");
    }

    @Test
    void bgpParticipantWithoutAsnIsRejected() {
        assertRejected(updating(all(bgpPeer(FW, 0))), ProblemType.INVALID_FIELD, "/routing/participants/0/asn");
    }

    @Test
    void bgpParticipantWithTheRoutersOwnAsnIsRejectedAsNotEbgp() {
        ValidationException e = assertRejected(updating(all(bgpPeer(FW, 65000))), ProblemType.INVALID_FIELD,
            "/routing/participants/0/asn");
        assertThat(e.getMessage()).contains("eBGP");
    }

    @Test
    void bgpParticipantWithAsTransIsRejected() {
        assertRejected(updating(all(bgpPeer(FW, 23456))), ProblemType.INVALID_FIELD, "/routing/participants/0/asn");
    }

    @Test
    void tooManyParticipantsAreRejected() {
        List<RoutingParticipant> many = new ArrayList<>(Collections.nCopies(RoutingRules.MAX_PARTICIPANTS + 1,
            bgpPeer(FW, 65001)));
        assertRejected(updating(all().withParticipants(many)), ProblemType.LIMIT_EXCEEDED, "/routing/participants");
    }

    @Test
    void tooManyAllowedPrefixesAreRejected() {
        List<PrefixRange> ranges = new ArrayList<>();
        for (int i = 0; i <= RoutingRules.MAX_ALLOWED_PREFIXES; i++) {
            ranges.add(PrefixRange.orLonger(prefix("10." + (i >> 8 | 64) + "." + (i & 0xff) + ".0/24")));
        }
        assertRejected(updating(all(new RoutingParticipant(FW.id(), Set.of(RoutingProtocol.OSPF), 0,
            new PeerPolicy(ranges, 1, 1, 1)))), ProblemType.LIMIT_EXCEEDED, "/routing/participants/0/allowedPrefixes");
    }

    @Test
    void aParticipantCannotBeDeletedNorStopBeingAnAppliance() {
        Subnet web = WEB.withRouting(all(bgpPeer(FW, 65001)));
        ValidationException deleted = assertRejected(() -> NodeRules.validateDelete(FW, List.of(), List.of(web, DB)),
            ProblemType.NODE_IS_ROUTE_TARGET, "");
        assertThat(deleted.getMessage()).contains("routing participant of subnet web");
        assertRejected(() -> NodeRules.validateUpdate(FW, new NodeUpdate(FW.name(), FW.hostId(), true, true),
            List.of(FW), List.of(HOST), List.of(), List.of(web)), ProblemType.NODE_IS_ROUTE_TARGET, "/sourceDestCheck");
        assertThatCode(() -> NodeRules.validateDelete(FW, List.of(), List.of(WEB, DB))).doesNotThrowAnyException();
        assertThatCode(() -> NodeRules.validateUpdate(FW, new NodeUpdate("fw2", FW.hostId(), false, false),
            List.of(FW), List.of(HOST), List.of(), List.of(web))).as("a rename or health change").doesNotThrowAnyException();
    }
}
