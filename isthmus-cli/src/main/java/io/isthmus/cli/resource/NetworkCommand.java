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
        NetworkCommand.GetNetwork.class, NetworkCommand.UpdateNetwork.class, NetworkCommand.DeleteNetwork.class})
public final class NetworkCommand extends Group {

    /** The JSON body of a network: its name and CIDR blocks. */
    static ObjectNode body(String name, List<String> cidrs) {
        ObjectNode body = Json.object().put("name", name);
        cidrs.forEach(body.putArray("cidrBlocks")::add);
        return body;
    }

    /** {@code isthmus network create NAME --cidr CIDR...}. */
    @Command(name = "create", description = "Create a network.")
    static final class CreateNetwork extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The network's name.")
        private String name;

        @Option(names = "--cidr", paramLabel = "CIDR", required = true, order = 1,
            description = "An IPv4 CIDR block of the network, like 10.0.0.0/16; repeat for more.")
        private List<String> cidrs;

        @Override
        protected void run(ApiClient client) {
            show(client.send("POST", "/v1/networks", body(name, cidrs), null).body(), Views.NETWORK);
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

    /** {@code isthmus network update ID [--name NAME] [--cidr CIDR...]}: a read-modify-write of the network. */
    @Command(name = "update", description = {"Change a network's name or its CIDR blocks.",
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
        private IfMatch ifMatch = new IfMatch();

        @Override
        protected void run(ApiClient client) {
            if (name == null && cidrs == null) {
                throw usage("nothing to update: give --name or --cidr");
            }
            String path = "/v1/networks/" + ApiClient.segment(id);
            String newName = name;
            List<String> newCidrs = cidrs;
            Long version = ifMatch.version;
            if (name == null || cidrs == null) {
                ApiClient.Reply current = client.send("GET", path, null, null);
                newName = name != null ? name : current.body().path("name").asText();
                newCidrs = cidrs != null ? cidrs : current.body().path("cidrBlocks").valueStream()
                    .map(JsonNode::asText).toList();
                version = version != null ? version : current.version();
            }
            show(client.send("PUT", path, body(newName, newCidrs), version).body(), Views.NETWORK);
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
