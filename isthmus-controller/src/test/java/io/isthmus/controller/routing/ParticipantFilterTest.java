package io.isthmus.controller.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.RoutingParticipant;
import io.isthmus.api.resource.SubnetRouting;
import io.isthmus.routing.PeerPolicy;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.Route;
import io.isthmus.routing.RoutingProtocol;
import io.isthmus.wire.Ipv4Prefix;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The controller's own filter of learned routes: participants, protocols, allowed prefixes, maximum. */
class ParticipantFilterTest {
    private static final NodeId FW = new NodeId("node-0000000000f1");
    private static final RoutingParticipant PARTICIPANT = new RoutingParticipant(FW, Set.of(RoutingProtocol.OSPF), 0,
        new PeerPolicy(List.of(PrefixRange.parse("10.1.0.0/16"), PrefixRange.parse("10.2.0.0/16{24,24}")), 3, 1, 1));
    private static final SubnetRouting ROUTING = new SubnetRouting(Set.of(RoutingProtocol.OSPF, RoutingProtocol.RIP),
        0, SubnetRouting.Bgp.DEFAULTS, SubnetRouting.Ospf.DEFAULTS, SubnetRouting.Rip.DEFAULTS, List.of(PARTICIPANT));

    private static Route route(String prefix, int metric) {
        return new Route(Ipv4Prefix.parse(prefix), metric, 0x0a000132);
    }

    @Test
    void aParticipantIsFoundOnlyOverItsOwnEnabledProtocols() {
        assertThat(ParticipantFilter.participant(ROUTING, FW, RoutingProtocol.OSPF)).contains(PARTICIPANT);
        assertThat(ParticipantFilter.participant(ROUTING, FW, RoutingProtocol.RIP)).as("not its protocol").isEmpty();
        assertThat(ParticipantFilter.participant(ROUTING, FW, RoutingProtocol.BGP)).as("not enabled").isEmpty();
        assertThat(ParticipantFilter.participant(ROUTING, new NodeId("node-0000000000f2"), RoutingProtocol.OSPF))
            .isEmpty();
        assertThat(ParticipantFilter.participant(SubnetRouting.OFF.withParticipants(List.of(PARTICIPANT)), FW,
            RoutingProtocol.OSPF)).as("routing off").isEmpty();
    }

    @Test
    void onlyAllowedPrefixesPass() {
        assertThat(ParticipantFilter.accept(PARTICIPANT, List.of(route("10.1.0.0/16", 1), route("10.1.5.0/24", 1),
            route("10.2.3.0/24", 1), route("10.2.0.0/16", 1), route("10.3.0.0/24", 1), route("0.0.0.0/0", 1))))
            .extracting(r -> r.prefix().toString()).containsExactly("10.1.0.0/16", "10.1.5.0/24", "10.2.3.0/24");
    }

    @Test
    void beyondTheMaximumTheLowestPrefixesAreKeptWhateverTheOrder() {
        List<Route> routes = List.of(route("10.1.9.0/24", 1), route("10.1.1.0/24", 1), route("10.1.4.0/24", 1),
            route("10.1.2.0/24", 1));
        assertThat(ParticipantFilter.accept(PARTICIPANT, routes)).extracting(r -> r.prefix().toString())
            .containsExactly("10.1.1.0/24", "10.1.2.0/24", "10.1.4.0/24");
        assertThat(ParticipantFilter.accept(PARTICIPANT, routes.reversed()))
            .isEqualTo(ParticipantFilter.accept(PARTICIPANT, routes));
    }

    @Test
    void aPrefixLearnedTwiceCountsOnceAtItsLowestMetric() {
        assertThat(ParticipantFilter.accept(PARTICIPANT, List.of(route("10.1.0.0/16", 9), route("10.1.0.0/16", 4))))
            .singleElement().satisfies(r -> assertThat(r.metric()).isEqualTo(4));
    }
}
