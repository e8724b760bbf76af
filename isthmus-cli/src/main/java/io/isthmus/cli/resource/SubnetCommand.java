package io.isthmus.cli.resource;

import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code isthmus subnet}: the subnets of a network (tenant token). */
@Command(name = "subnet", description = "Subnets of a network (tenant token).",
    subcommands = {SubnetCommand.CreateSubnet.class, SubnetCommand.ListSubnets.class, SubnetCommand.GetSubnet.class,
        SubnetCommand.RenameSubnet.class, SubnetCommand.DeleteSubnet.class})
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

        @Override
        protected void run(ApiClient client) {
            show(client.send("POST", network.path("subnets"), Json.object().put("name", name).put("cidr", cidr),
                null).body(), Views.SUBNET);
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

    /** {@code isthmus subnet delete ID}. */
    @Command(name = "delete", description = "Delete a subnet without interfaces.")
    static final class DeleteSubnet extends DeleteCommand {
        DeleteSubnet() {
            super("/v1/subnets/%s");
        }
    }
}
