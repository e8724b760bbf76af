package io.isthmus.api.channel;

import io.isthmus.api.channel.v1.RoutingParticipantInfo;
import io.isthmus.api.channel.v1.SubnetRoutingInfo;
import io.isthmus.api.resource.NetworkInterface;
import io.isthmus.api.resource.Node;
import io.isthmus.api.resource.NodeId;
import io.isthmus.api.resource.RoutingParticipant;
import io.isthmus.api.resource.Subnet;
import io.isthmus.api.resource.SubnetRouting;
import io.isthmus.api.validation.RoutingRules;
import io.isthmus.routing.PrefixRange;
import io.isthmus.routing.RoutingProtocol;
import java.util.Optional;
import java.util.function.Function;

/** Conversions between a subnet's routing ({@link SubnetRouting}) and its agent-channel form. */
public final class SubnetRoutingCodec {
    private SubnetRoutingCodec() {
    }

    /** {@return the channel form of {@code protocol}} */
    public static SubnetRoutingInfo.Protocol protocol(RoutingProtocol protocol) {
        return switch (protocol) {
            case BGP -> SubnetRoutingInfo.Protocol.BGP;
            case OSPF -> SubnetRoutingInfo.Protocol.OSPF;
            case RIP -> SubnetRoutingInfo.Protocol.RIP;
        };
    }

    /** {@return the protocol of a channel value; empty for an unspecified or unknown one} */
    public static Optional<RoutingProtocol> protocol(SubnetRoutingInfo.Protocol protocol) {
        return switch (protocol) {
            case BGP -> Optional.of(RoutingProtocol.BGP);
            case OSPF -> Optional.of(RoutingProtocol.OSPF);
            case RIP -> Optional.of(RoutingProtocol.RIP);
            default -> Optional.empty();
        };
    }

    /**
     * The routing of {@code subnet} as the agents receive it: the router id in effect, every setting, and each
     * participant with its interface in the subnet. A participant whose node is gone, is no longer an appliance or
     * has left the subnet is left out (its sessions would forward to nothing).
     *
     * @param nodes looks up a node of the subnet's network
     */
    public static SubnetRoutingInfo info(Subnet subnet, Function<NodeId, Optional<Node>> nodes) {
        SubnetRouting routing = subnet.routing();
        if (!routing.enabled()) {
            return SubnetRoutingInfo.getDefaultInstance();
        }
        SubnetRoutingInfo.Builder info = SubnetRoutingInfo.newBuilder()
            .setRouterId(routing.effectiveRouterId(subnet.gateway()))
            .setBgpAsn((int) routing.bgp().asn()).setBgpHoldTimeSeconds(routing.bgp().holdTimeSeconds())
            .setOspfArea(routing.ospf().area()).setOspfHelloSeconds(routing.ospf().helloSeconds())
            .setOspfDeadSeconds(routing.ospf().deadSeconds()).setOspfCost(routing.ospf().cost())
            .setOspfNetworkType(switch (routing.ospf().networkType()) {
                case BROADCAST -> SubnetRoutingInfo.OspfNetworkType.BROADCAST;
                case POINT_TO_POINT -> SubnetRoutingInfo.OspfNetworkType.POINT_TO_POINT;
            })
            .setRipAuthentication(switch (routing.rip().authentication()) {
                case NONE -> SubnetRoutingInfo.RipAuthentication.NONE;
                case PASSWORD -> SubnetRoutingInfo.RipAuthentication.PASSWORD;
                case MD5 -> SubnetRoutingInfo.RipAuthentication.MD5;
            })
            .setRipKey(routing.rip().key() == null ? "" : routing.rip().key()).setRipKeyId(routing.rip().keyId());
        routing.protocols().stream().sorted().map(SubnetRoutingCodec::protocol).forEach(info::addProtocols);
        for (RoutingParticipant participant : routing.participants()) {
            Optional<NetworkInterface> nic = nodes.apply(participant.node()).filter(Node::isAppliance)
                .flatMap(node -> RoutingRules.interfaceIn(node, subnet.id()));
            if (nic.isEmpty()) {
                continue;
            }
            RoutingParticipantInfo.Builder p = RoutingParticipantInfo.newBuilder()
                .setNodeId(participant.node().value()).setInterfaceId(nic.get().id().value())
                .setInterfaceAddress(nic.get().address()).setAsn((int) participant.asn())
                .setMaxPrefixes(participant.policy().maxPrefixes())
                .setMessagesPerSecond(participant.policy().messagesPerSecond())
                .setBurst(participant.policy().burst());
            participant.protocols().stream().sorted().map(SubnetRoutingCodec::protocol).forEach(p::addProtocols);
            participant.policy().allowed().stream().map(PrefixRange::toString).forEach(p::addAllowedPrefixes);
            info.addParticipants(p);
        }
        return info.build();
    }
}
