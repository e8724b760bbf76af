package io.isthmus.cli.resource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.Json;
import io.isthmus.cli.lab.LabSubcommand;
import io.isthmus.lab.Lab;
import io.isthmus.lab.LabLayout;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code isthmus node}: the nodes (VMs, containers, appliances) of a network and their interfaces (tenant token). */
@Command(name = "node", description = "Nodes of a network and their interfaces (tenant token).",
    subcommands = {NodeCommand.CreateNode.class, NodeCommand.ListNodes.class, NodeCommand.GetNode.class,
        NodeCommand.UpdateNode.class, NodeCommand.DeleteNode.class, NodeCommand.ExecNode.class})
public final class NodeCommand extends Group {

    /** {@code isthmus node create --network ID NAME --host HOST_ID --interface SUBNET_ID[=ADDRESS]... [--appliance]}. */
    @Command(name = "create", description = "Create a node on a host with one interface per --interface.")
    static final class CreateNode extends ApiCommand {
        @Mixin
        private SubnetCommand.NetworkOption network = new SubnetCommand.NetworkOption();

        @Parameters(paramLabel = "NAME", description = "The node's name.")
        private String name;

        @Option(names = "--host", paramLabel = "HOST_ID", required = true, order = 2,
            description = "The host that runs the node.")
        private String host;

        @Option(names = "--interface", paramLabel = "SUBNET_ID[=ADDRESS]", required = true, order = 3,
            description = "An interface in a subnet, at ADDRESS or at an address the controller picks; "
                + "repeat for more.")
        private List<String> interfaces;

        @Option(names = "--appliance", order = 4, description = "The node forwards traffic not addressed to it "
            + "(a firewall, a NAT): turns the source/destination check off.")
        private boolean appliance;

        @Override
        protected void run(ApiClient client) {
            ObjectNode body = Json.object().put("name", name).put("hostId", host).put("sourceDestCheck", !appliance);
            ArrayNode array = body.putArray("interfaces");
            for (String spec : interfaces) {
                int eq = spec.indexOf('=');
                String subnet = eq < 0 ? spec : spec.substring(0, eq);
                if (subnet.isBlank() || eq == spec.length() - 1) {
                    throw usage("--interface '" + spec + "' is not SUBNET_ID or SUBNET_ID=ADDRESS");
                }
                ObjectNode item = array.addObject().put("subnetId", subnet);
                if (eq >= 0) {
                    item.put("address", spec.substring(eq + 1));
                }
            }
            show(client.send("POST", network.path("nodes"), body, null).body(), Views.NODE);
        }
    }

    /** {@code isthmus node list --network ID}. */
    @Command(name = "list", description = "List a network's nodes.")
    static final class ListNodes extends ListCommand {
        @Mixin
        private SubnetCommand.NetworkOption network = new SubnetCommand.NetworkOption();

        ListNodes() {
            super(Views.NODE);
        }

        @Override
        protected String path() {
            return network.path("nodes");
        }
    }

    /** {@code isthmus node get ID}: the node and a table of its interfaces. */
    @Command(name = "get", description = "Show a node and its interfaces.")
    static final class GetNode extends GetCommand {
        GetNode() {
            super("/v1/nodes/%s", Views.NODE);
        }
    }

    /** {@code isthmus node update ID [--name NAME] [--host HOST_ID] [--[no-]appliance]}. */
    @Command(name = "update", description = "Rename a node, move it to another host, or change whether it is an "
        + "appliance; what is not given is kept.")
    static final class UpdateNode extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "The node's id.")
        private String id;

        @Option(names = "--name", paramLabel = "NAME", order = 1, description = "The new name.")
        private String name;

        @Option(names = "--host", paramLabel = "HOST_ID", order = 2, description = "The new host.")
        private String host;

        @Option(names = "--appliance", negatable = true, order = 3,
            description = "Turn the source/destination check off (--appliance) or on (--no-appliance).")
        private Boolean appliance;

        @Option(names = "--healthy", negatable = true, order = 4,
            description = "Declare an appliance healthy (--healthy) or not (--no-healthy): routes leave an unhealthy"
                + " appliance out of their next hops.")
        private Boolean healthy;

        @Mixin
        private IfMatch ifMatch = new IfMatch();

        @Override
        protected void run(ApiClient client) {
            if (name == null && host == null && appliance == null && healthy == null) {
                throw usage("nothing to update: give --name, --host, --[no-]appliance or --[no-]healthy");
            }
            ObjectNode body = Json.object();
            if (name != null) {
                body.put("name", name);
            }
            if (host != null) {
                body.put("hostId", host);
            }
            if (appliance != null) {
                body.put("sourceDestCheck", !appliance);
            }
            if (healthy != null) {
                body.put("healthy", healthy);
            }
            show(client.send("PATCH", "/v1/nodes/" + ApiClient.segment(id), body, ifMatch.version).body(),
                Views.NODE);
        }
    }

    /** {@code isthmus node delete ID}. */
    @Command(name = "delete", description = "Delete a node and its interfaces.")
    static final class DeleteNode extends DeleteCommand {
        DeleteNode() {
            super("/v1/nodes/%s");
        }
    }

    /** {@code isthmus node exec NODE -- COMMAND...}: a command inside a lab node. */
    @Command(name = "exec", description = {"Run a command inside a lab node's network namespace (root), with this "
        + "terminal's input and output; exits with the command's status.",
        "",
        "  isthmus node exec web1 -- ping -c 3 10.0.0.5",
        "",
        "Options of 'node exec' go before NODE."},
        exitCodeList = {" N:the command's exit status", " 1:no lab, or the lab has no such node",
            " 2:usage error"})
    static final class ExecNode extends LabSubcommand {
        @Parameters(index = "0", paramLabel = "NODE", description = "The node's id, or its name in the lab.")
        private String node;

        @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "1..*",
            description = "The command and its arguments: everything after NODE (a '--' before them is dropped).")
        private List<String> command;

        /** The command to run: the arguments after NODE, without a leading {@code --}. */
        List<String> command() {
            return !command.isEmpty() && command.getFirst().equals("--") ? command.subList(1, command.size())
                : command;
        }

        @Override
        protected int run() {
            if (command().isEmpty()) {
                throw usage("no command after '--'");
            }
            return Lab.open(labDirectory(), LabLayout.DEFAULT_PREFIX).exec(node, command());
        }
    }
}
