package io.isthmus.cli.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.Json;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code isthmus subnet}: the subnets of a network (tenant token). */
@Command(name = "subnet", description = "Subnets of a network (tenant token).",
    subcommands = {SubnetCommand.CreateSubnet.class, SubnetCommand.ListSubnets.class, SubnetCommand.GetSubnet.class,
        SubnetCommand.RenameSubnet.class, SubnetCommand.UpdateSubnet.class, SubnetCommand.DeleteSubnet.class,
        SubnetCommand.ParticipantCommand.class})
public final class SubnetCommand extends Group {

    /** The {@code --network ID} option of commands on a network's children. */
    static final class NetworkOption {
        @Option(names = "--network", paramLabel = "ID", required = true, order = 1, description = "The network.")
        String network;

        /** {@code /v1/networks/ID/child}. */
        String path(String child) {
            return "/v1/networks/" + ApiClient.segment(network) + "/" + child;
        }
    }

    /** {@code isthmus subnet create --network ID NAME --cidr CIDR}. */
    @Command(name = "create", description = "Create a subnet in a network's CIDR blocks.")
    static final class CreateSubnet extends ApiCommand {
        @Mixin
        private NetworkOption network = new NetworkOption();

        @Parameters(paramLabel = "NAME", description = "The subnet's name.")
        private String name;

        @Option(names = "--cidr", paramLabel = "CIDR", required = true, order = 2,
            description = "The subnet's IPv4 prefix, like 10.0.1.0/24.")
        private String cidr;

        @Mixin
        private RoutingFlags routing = new RoutingFlags();

        @Override
        protected void run(ApiClient client) {
            ObjectNode body = Json.object().put("name", name).put("cidr", cidr);
            ObjectNode settings = routing.toJson();
            if (settings != null) {
                body.set("routing", settings);
            }
            show(client.send("POST", network.path("subnets"), body, null).body(), Views.SUBNET);
        }
    }

    /** {@code isthmus subnet list --network ID}. */
    @Command(name = "list", description = "List a network's subnets.")
    static final class ListSubnets extends ListCommand {
        @Mixin
        private NetworkOption network = new NetworkOption();

        ListSubnets() {
            super(Views.SUBNET);
        }

        @Override
        protected String path() {
            return network.path("subnets");
        }
    }

    /** {@code isthmus subnet get ID}. */
    @Command(name = "get", description = "Show a subnet.")
    static final class GetSubnet extends GetCommand {
        GetSubnet() {
            super("/v1/subnets/%s", Views.SUBNET);
        }
    }

    /** {@code isthmus subnet rename ID NAME}. */
    @Command(name = "rename", description = "Rename a subnet.")
    static final class RenameSubnet extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The subnet's id.")
        private String id;

        @Parameters(index = "1", paramLabel = "NAME", description = "The new name.")
        private String name;

        @Mixin
        private IfMatch ifMatch = new IfMatch();

        @Override
        protected void run(ApiClient client) {
            show(client.send("PATCH", "/v1/subnets/" + ApiClient.segment(id), Json.object().put("name", name),
                ifMatch.version).body(), Views.SUBNET);
        }
    }

    /** The routing settings of {@code create} and {@code update}: each given one is sent, the others are left out. */
    static final class RoutingFlags {
        @Option(names = "--routing-protocols", paramLabel = "LIST", split = ",", order = 20,
            description = "The routing protocols the subnet's virtual router speaks: bgp, ospf, rip, comma-separated; "
                + "none turns routing off.")
        List<String> protocols;

        @Option(names = "--router-id", paramLabel = "ADDRESS", order = 21,
            description = "The virtual router's router id (default: the subnet's gateway).")
        String routerId;

        @Option(names = "--bgp-asn", paramLabel = "ASN", order = 22, description = "The virtual router's AS number.")
        Long bgpAsn;

        @Option(names = "--bgp-hold-time", paramLabel = "SECONDS", order = 23,
            description = "The BGP hold time it proposes: 0, or 3 to 65535 (default 90).")
        Integer bgpHoldTime;

        @Option(names = "--ospf-area", paramLabel = "AREA", order = 24, description = "The OSPF area, like 0.0.0.0.")
        String ospfArea;

        @Option(names = "--ospf-hello", paramLabel = "SECONDS", order = 25, description = "The OSPF hello interval.")
        Integer ospfHello;

        @Option(names = "--ospf-dead", paramLabel = "SECONDS", order = 26, description = "The OSPF dead interval.")
        Integer ospfDead;

        @Option(names = "--ospf-cost", paramLabel = "COST", order = 27, description = "The OSPF interface cost.")
        Integer ospfCost;

        @Option(names = "--ospf-network-type", paramLabel = "TYPE", order = 28,
            description = "broadcast or point-to-point.")
        String ospfNetworkType;

        @Option(names = "--rip-auth", paramLabel = "SCHEME", order = 29, description = "none, password or md5.")
        String ripAuthentication;

        @Option(names = "--rip-key", paramLabel = "KEY", order = 30,
            description = "The RIP password or MD5 key (up to 16 characters).")
        String ripKey;

        @Option(names = "--rip-key-id", paramLabel = "ID", order = 31, description = "The RIP MD5 key id (0 to 255).")
        Integer ripKeyId;

        /** The "routing" object of the settings given, or null when none is. */
        ObjectNode toJson() {
            ObjectNode routing = Json.object();
            if (protocols != null) {
                ArrayNode list = routing.putArray("protocols");
                protocols.stream().map(p -> p.strip().toUpperCase(Locale.ROOT)).filter(p -> !p.equals("NONE"))
                    .forEach(list::add);
            }
            if (routerId != null) {
                routing.put("routerId", routerId);
            }
            ObjectNode bgp = Json.object();
            putIfSet(bgp, "asn", bgpAsn);
            putIfSet(bgp, "holdTimeSeconds", bgpHoldTime);
            ObjectNode ospf = Json.object();
            if (ospfArea != null) {
                ospf.put("area", ospfArea);
            }
            putIfSet(ospf, "helloSeconds", ospfHello);
            putIfSet(ospf, "deadSeconds", ospfDead);
            putIfSet(ospf, "cost", ospfCost);
            if (ospfNetworkType != null) {
                ospf.put("networkType", ospfNetworkType.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            ObjectNode rip = Json.object();
            if (ripAuthentication != null) {
                rip.put("authentication", ripAuthentication.toUpperCase(Locale.ROOT));
            }
            if (ripKey != null) {
                rip.put("key", ripKey);
            }
            putIfSet(rip, "keyId", ripKeyId);
            for (var entry : List.of(java.util.Map.entry("bgp", bgp), java.util.Map.entry("ospf", ospf),
                java.util.Map.entry("rip", rip))) {
                if (!entry.getValue().isEmpty()) {
                    routing.set(entry.getKey(), entry.getValue());
                }
            }
            return routing.isEmpty() ? null : routing;
        }

        private static void putIfSet(ObjectNode node, String field, Number value) {
            if (value != null) {
                node.put(field, value.longValue());
            }
        }
    }

    /** {@code isthmus subnet update ID [--name NAME] [routing settings]}: a PATCH of what is given. */
    @Command(name = "update", description = {"Change a subnet's name or its routing settings.",
        "Only what is given changes; routing participants are managed with 'subnet routing-participant'."})
    static final class UpdateSubnet extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "The subnet's id.")
        private String id;

        @Option(names = "--name", paramLabel = "NAME", order = 1, description = "The new name.")
        private String name;

        @Mixin
        private RoutingFlags routing = new RoutingFlags();

        @Mixin
        private IfMatch ifMatch = new IfMatch();

        @Override
        protected void run(ApiClient client) {
            ObjectNode body = Json.object();
            if (name != null) {
                body.put("name", name);
            }
            ObjectNode settings = routing.toJson();
            if (settings != null) {
                body.set("routing", settings);
            }
            if (body.isEmpty()) {
                throw usage("nothing to update: give --name or a routing setting such as --routing-protocols");
            }
            show(client.send("PATCH", "/v1/subnets/" + ApiClient.segment(id), body, ifMatch.version).body(),
                Views.SUBNET);
        }
    }

    /** {@code isthmus subnet routing-participant add|remove}: the nodes that peer with the subnet's router. */
    @Command(name = "routing-participant", description = "Nodes allowed to speak routing protocols with the "
        + "subnet's virtual router.", subcommands = {AddParticipant.class, RemoveParticipant.class})
    static final class ParticipantCommand extends Group {
    }

    /**
     * The read-modify-write of a subnet's participants: reads the subnet, changes its list, and writes the whole list
     * back at the version read (or --if-match).
     */
    abstract static class ParticipantChange extends ApiCommand {
        @Parameters(paramLabel = "SUBNET", description = "The subnet's id.")
        String subnet;

        @Option(names = "--node", paramLabel = "NODE", required = true, order = 1, description = "The node's id.")
        String node;

        @Mixin
        private IfMatch ifMatch = new IfMatch();

        /** The new list, from the current one. */
        abstract ArrayNode change(ArrayNode current);

        @Override
        protected final void run(ApiClient client) {
            String path = "/v1/subnets/" + ApiClient.segment(subnet);
            ApiClient.Reply current = client.send("GET", path, null, null);
            JsonNode list = current.body().path("routing").path("participants");
            ArrayNode participants = list.isArray() ? ((ArrayNode) list).deepCopy() : Json.object().arrayNode();
            ObjectNode body = Json.object();
            body.putObject("routing").set("participants", change(participants));
            Long version = ifMatch.version != null ? ifMatch.version : current.version();
            show(client.send("PATCH", path, body, version).body(), Views.SUBNET);
        }

        /** The participants other than {@code node}. */
        ArrayNode without(ArrayNode participants) {
            ArrayNode others = participants.arrayNode();
            participants.forEach(p -> {
                if (!p.path("node").asText().equals(node)) {
                    others.add(p);
                }
            });
            return others;
        }
    }

    /** {@code isthmus subnet routing-participant add SUBNET --node NODE --protocols LIST ...}. */
    @Command(name = "add", description = {"Allow a node (an appliance with an interface in the subnet) to peer "
        + "with the subnet's virtual router, or replace its settings.",
        "Unset limits take the controller's defaults."})
    static final class AddParticipant extends ParticipantChange {
        @Option(names = "--protocols", paramLabel = "LIST", split = ",", required = true, order = 2,
            description = "The protocols it may speak: bgp, ospf, rip (among the subnet's).")
        private List<String> protocols;

        @Option(names = "--asn", paramLabel = "ASN", order = 3, description = "Its AS number (required for bgp).")
        private Long asn;

        @Option(names = "--allow", paramLabel = "RANGE", order = 4, description = "A prefix range it may announce, "
            + "like 10.1.0.0/16 or 10.2.0.0/16{24,24}; repeat for more. None: it may announce nothing.")
        private List<String> allowed = List.of();

        @Option(names = "--max-prefixes", paramLabel = "N", order = 5,
            description = "The most routes accepted from it at once.")
        private Integer maxPrefixes;

        @Option(names = "--messages-per-second", paramLabel = "N", order = 6,
            description = "The sustained rate of its routing messages.")
        private Integer messagesPerSecond;

        @Option(names = "--burst", paramLabel = "N", order = 7, description = "The burst above that rate.")
        private Integer burst;

        @Override
        ArrayNode change(ArrayNode current) {
            ArrayNode participants = without(current);
            ObjectNode participant = participants.addObject().put("node", node);
            ArrayNode list = participant.putArray("protocols");
            protocols.forEach(p -> list.add(p.strip().toUpperCase(Locale.ROOT)));
            if (asn != null) {
                participant.put("asn", asn);
            }
            ArrayNode ranges = participant.putArray("allowedPrefixes");
            allowed.forEach(ranges::add);
            RoutingFlags.putIfSet(participant, "maxPrefixes", maxPrefixes);
            RoutingFlags.putIfSet(participant, "messagesPerSecond", messagesPerSecond);
            RoutingFlags.putIfSet(participant, "burst", burst);
            return participants;
        }
    }

    /** {@code isthmus subnet routing-participant remove SUBNET --node NODE}. */
    @Command(name = "remove", description = "Stop a node from peering with the subnet's virtual router: the routes "
        + "learned from it are withdrawn.")
    static final class RemoveParticipant extends ParticipantChange {
        @Override
        ArrayNode change(ArrayNode current) {
            ArrayNode participants = without(current);
            if (participants.size() == current.size()) {
                throw usage("node " + node + " is not a routing participant of subnet " + subnet);
            }
            return participants;
        }
    }

    /** {@code isthmus subnet delete ID}. */
    @Command(name = "delete", description = "Delete a subnet without interfaces.")
    static final class DeleteSubnet extends DeleteCommand {
        DeleteSubnet() {
            super("/v1/subnets/%s");
        }
    }
}
