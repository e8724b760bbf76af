package io.isthmus.controller.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.api.channel.v1.NetworkPeeringInfo;
import io.isthmus.api.channel.v1.PeerRangeInfo;
import io.isthmus.api.channel.v1.PeerSubnetInfo;
import io.isthmus.api.channel.v1.PeeringAttachmentInfo;
import io.isthmus.api.channel.v1.TrafficRuleInfo;
import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv4Prefix;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of a network's peering view, as operators and tenants read it ({@code GET /v1/networks/{id}/peering}):
 *
 * <pre>
 * {"networkId", "version",
 *  "attachments": [{"attachmentId", "routerId", "responsesOnly", "rules": [rule]}],
 *  "peers": [{"prefix" (as the network sees it), "peerPrefix" (the peer's own), "translated", "peerNetworkId",
 *             "peerOverlayId", "localAttachmentId", "peerAttachmentId", "peerResponsesOnly", "peerRules": [rule],
 *             "routers": [{"routerId", "hop"}], "peerSubnets": [{"prefix", "gateway"}]}],
 *  "leftOut": [prefix]}
 * rule: {"direction": "in", "protocol": 6, "fromPort", "toPort", "destination"}
 * </pre>
 */
final class PeeringViewJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PeeringViewJson() {
    }

    /** The view, with the ranges left out for overlapping. */
    static ObjectNode view(NetworkPeeringInfo view, List<Ipv4Prefix> leftOut) {
        ObjectNode node = JSON.objectNode().put("networkId", view.getNetworkId()).put("version", view.getVersion());
        ArrayNode attachments = node.putArray("attachments");
        for (PeeringAttachmentInfo a : view.getAttachmentsList()) {
            ObjectNode item = attachments.addObject().put("attachmentId", a.getAttachmentId())
                .put("routerId", a.getRouterId()).put("responsesOnly", a.getResponsesOnly());
            rules(item.putArray("rules"), a.getRulesList());
        }
        ArrayNode peers = node.putArray("peers");
        for (PeerRangeInfo range : view.getPeersList()) {
            ObjectNode item = peers.addObject().put("prefix", prefix(range.getPrefix(), range.getLength()))
                .put("peerPrefix", prefix(range.getPeerPrefix(), range.getLength()))
                .put("translated", range.getPrefix() != range.getPeerPrefix())
                .put("peerNetworkId", range.getPeerNetworkId()).put("peerOverlayId", range.getPeerOverlayId())
                .put("localAttachmentId", range.getLocalAttachmentId())
                .put("peerAttachmentId", range.getPeerAttachmentId())
                .put("peerResponsesOnly", range.getPeerResponsesOnly());
            rules(item.putArray("peerRules"), range.getPeerRulesList());
            routers(item.putArray("routers"), range);
            ArrayNode subnets = item.putArray("peerSubnets");
            for (PeerSubnetInfo s : range.getPeerSubnetsList()) {
                subnets.addObject().put("prefix", prefix(s.getPrefix(), s.getLength()))
                    .put("gateway", Ipv4Address.format(s.getGateway()));
            }
        }
        ArrayNode left = node.putArray("leftOut");
        leftOut.forEach(p -> left.add(p.toString()));
        return node;
    }

    /** The routers a peer range's traffic crosses, in order, each with its hop address. */
    static void routers(ArrayNode into, PeerRangeInfo range) {
        for (int i = 0; i < range.getRouterIdsCount(); i++) {
            into.addObject().put("routerId", range.getRouterIds(i))
                .put("hop", i < range.getRouterHopsCount() ? Ipv4Address.format(range.getRouterHops(i)) : "");
        }
    }

    private static void rules(ArrayNode into, List<TrafficRuleInfo> rules) {
        for (TrafficRuleInfo r : rules) {
            into.addObject().put("direction", r.getDirection().name().toLowerCase(Locale.ROOT))
                .put("protocol", r.getProtocol()).put("fromPort", r.getFromPort()).put("toPort", r.getToPort())
                .put("destination", prefix(r.getDestination(), r.getDestinationLength()));
        }
    }

    private static String prefix(int address, int length) {
        return Ipv4Prefix.normalized(address, length).toString();
    }
}
