package io.isthmus.cli.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code isthmus network}: a tenant's virtual networks ({@code /v1/networks}, tenant token). */
@Command(name = "network", description = "Virtual networks and their CIDR blocks (tenant token).",
    subcommands = {NetworkCommand.CreateNetwork.class, NetworkCommand.ListNetworks.class,
        NetworkCommand.GetNetwork.class, NetworkCommand.UpdateNetwork.class, NetworkCommand.DeleteNetwork.class,
        NetworkCommand.NetworkPeering.class})
public final class NetworkCommand extends Group {

    /** The JSON body of a network: its name, CIDR blocks and options. */
    static ObjectNode body(String name, List<String> cidrs, ObjectNode options) {
        ObjectNode body = Json.object().put("name", name);
        cidrs.forEach(body.putArray("cidrBlocks")::add);
        body.set("options", options);
        return body;
    }

    /** What the network's emulated devices offer: the options of {@code create} and {@code update}. */
    static final class OptionFlags {
        @Option(names = "--mtu", paramLabel = "BYTES", order = 10,
            description = "The tenant MTU, 576 to 9000 (default 1480): node interfaces, DHCP, the routers' checks.")
        Integer mtu;

        @Option(names = "--dns", paramLabel = "ADDRESS", order = 11,
            description = "A DNS server DHCP offers; repeat for more (up to 4). Replaces the list.")
        List<String> dnsServers;

        @Option(names = "--no-dns", order = 12, description = "Offer no DNS server.")
        boolean noDns;

        @Option(names = "--dhcp-lease", paramLabel = "SECONDS", order = 13,
            description = "The DHCP lease time, at least 10 s (default 86400).")
        Integer dhcpLeaseSeconds;

        @Option(names = "--snmp-community", paramLabel = "COMMUNITY", order = 14,
            description = "The SNMPv2c community the virtual routers answer to (default: SNMP off).")
        String snmpCommunity;

        @Option(names = "--no-snmp", order = 15, description = "Turn SNMP off.")
        boolean noSnmp;

        @Option(names = "--multicast-across-subnets", paramLabel = "true|false", order = 16, arity = "1",
            description = "Whether multicast crosses the virtual routers between subnets (default false).")
        Boolean multicastAcrossSubnets;

        /** {@code current} (the network's options, or an empty object) with the flags given applied. */
        ObjectNode applyTo(JsonNode current) {
            ObjectNode options = current != null && current.isObject() ? ((ObjectNode) current).deepCopy()
                : Json.object();
            if (mtu != null) {
                options.put("mtu", mtu);
            }
            if (noDns) {
                options.putArray("dnsServers");
            } else if (dnsServers != null) {
                dnsServers.forEach(options.putArray("dnsServers")::add);
            }
            if (dhcpLeaseSeconds != null) {
                options.put("dhcpLeaseSeconds", dhcpLeaseSeconds);
            }
            if (noSnmp) {
                options.putNull("snmpCommunity");
            } else if (snmpCommunity != null) {
                options.put("snmpCommunity", snmpCommunity);
            }
            if (multicastAcrossSubnets != null) {
                options.put("multicastAcrossSubnets", multicastAcrossSubnets);
            }
            return options;
        }

        /** Whether any flag was given. */
        boolean any() {
            return mtu != null || dnsServers != null || noDns || dhcpLeaseSeconds != null || snmpCommunity != null
                || noSnmp || multicastAcrossSubnets != null;
        }
    }

    /** {@code isthmus network create NAME --cidr CIDR...}. */
    @Command(name = "create", description = "Create a network.")
    static final class CreateNetwork extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The network's name.")
        private String name;

        @Option(names = "--cidr", paramLabel = "CIDR", required = true, order = 1,
            description = "An IPv4 CIDR block of the network, like 10.0.0.0/16; repeat for more.")
        private List<String> cidrs;

        @Mixin
        private OptionFlags options = new OptionFlags();

        @Override
        protected void run(ApiClient client) {
            show(client.send("POST", "/v1/networks", body(name, cidrs, options.applyTo(null)), null).body(),
                Views.NETWORK);
        }
    }

    /** {@code isthmus network list}. */
    @Command(name = "list", description = "List networks.")
    static final class ListNetworks extends ListCommand {
        ListNetworks() {
            super(Views.NETWORK);
        }

        @Override
        protected String path() {
            return "/v1/networks";
        }
    }

    /** {@code isthmus network get ID}. */
    @Command(name = "get", description = "Show a network.")
    static final class GetNetwork extends GetCommand {
        GetNetwork() {
            super("/v1/networks/%s", Views.NETWORK);
        }
    }

    /** {@code isthmus network peering ID}: what the network reaches through peering routers. */
    @Command(name = "peering", description = {"Show what a network reaches through peering routers: its active "
        + "attachments and the peer ranges,", "as the network sees them and as the peers own them, with the routers' "
        + "hop addresses."})
    static final class NetworkPeering extends GetCommand {
        NetworkPeering() {
            super("/v1/networks/%s/peering", Views.PEERING_VIEW);
        }
    }

    /** {@code isthmus network update ID [--name NAME] [--cidr CIDR...]}: a read-modify-write of the network. */
    @Command(name = "update", description = {"Change a network's name, its CIDR blocks or its options.",
        "--cidr replaces all blocks. What is not given is kept: the command reads the network first and, without "
            + "--if-match, updates it only if it did not change in between."})
    static final class UpdateNetwork extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "The network's id.")
        private String id;

        @Option(names = "--name", paramLabel = "NAME", order = 1, description = "The new name.")
        private String name;

        @Option(names = "--cidr", paramLabel = "CIDR", order = 2,
            description = "The new CIDR blocks (all of them); repeat for more.")
        private List<String> cidrs;

        @Mixin
        private OptionFlags options = new OptionFlags();

        @Mixin
        private IfMatch ifMatch = new IfMatch();

        @Override
        protected void run(ApiClient client) {
            if (name == null && cidrs == null && !options.any()) {
                throw usage("nothing to update: give --name, --cidr or an option such as --mtu");
            }
            String path = "/v1/networks/" + ApiClient.segment(id);
            // A replace sets everything, so what is not given is read first.
            ApiClient.Reply current = client.send("GET", path, null, null);
            String newName = name != null ? name : current.body().path("name").asText();
            List<String> newCidrs = cidrs != null ? cidrs : current.body().path("cidrBlocks").valueStream()
                .map(JsonNode::asText).toList();
            Long version = ifMatch.version != null ? ifMatch.version : current.version();
            show(client.send("PUT", path, body(newName, newCidrs, options.applyTo(current.body().path("options"))),
                version).body(), Views.NETWORK);
        }
    }

    /** {@code isthmus network delete ID}. */
    @Command(name = "delete", description = "Delete a network that has no subnets left.")
    static final class DeleteNetwork extends DeleteCommand {
        DeleteNetwork() {
            super("/v1/networks/%s");
        }
    }
}
