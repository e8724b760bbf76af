package io.isthmus.cli.resource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.Json;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code isthmus route}: static routes in a subnet's route table (tenant token). Both commands print the route
 * table as it is afterwards.
 */
@Command(name = "route", description = "Static routes of a subnet's route table (tenant token).",
    subcommands = {RouteCommand.AddRoute.class, RouteCommand.DeleteRoute.class})
public final class RouteCommand extends Group {

    /** The {@code --subnet ID} option and the destination of both route commands. */
    static final class RouteOptions {
        @Option(names = "--subnet", paramLabel = "ID", required = true, order = 1,
            description = "The subnet whose route table changes.")
        String subnet;

        @Parameters(paramLabel = "DEST", description = "The destination prefix, like 10.1.0.0/16.")
        String destination;

        String routes() {
            return "/v1/subnets/" + ApiClient.segment(subnet) + "/route-table/routes";
        }
    }

    /** Where a route sends traffic: one or more appliance interfaces (ECMP), or nowhere. */
    static final class Target {
        @Option(names = "--via", paramLabel = "NODE_ID:INTERFACE_ID", required = true,
            description = "An appliance node's interface; repeat for equal-cost multipath.")
        List<String> via;

        @Option(names = "--blackhole", required = true, description = "Drop the traffic.")
        boolean blackhole;
    }

    /** {@code isthmus route add --subnet ID DEST (--via NODE_ID:INTERFACE_ID... | --blackhole)}. */
    @Command(name = "add", description = "Add a static route to appliance interfaces or a blackhole.")
    static final class AddRoute extends ApiCommand {
        @Mixin
        private RouteOptions route = new RouteOptions();

        @ArgGroup(exclusive = true, multiplicity = "1", order = 2)
        private Target target;

        @Mixin
        private IfMatch ifMatch = new IfMatch();

        @Override
        protected void run(ApiClient client) {
            ObjectNode body = Json.object().put("destination", route.destination);
            ArrayNode targets = body.putArray("targets");
            if (target.blackhole) {
                targets.addObject().put("type", "blackhole");
            } else {
                for (String via : target.via) {
                    int colon = via.indexOf(':');
                    if (colon <= 0 || colon == via.length() - 1) {
                        throw usage("--via '" + via + "' is not NODE_ID:INTERFACE_ID");
                    }
                    targets.addObject().put("type", "appliance-interface").put("nodeId", via.substring(0, colon))
                        .put("interfaceId", via.substring(colon + 1));
                }
            }
            show(client.send("POST", route.routes(), body, ifMatch.version).body(), Views.ROUTE_TABLE);
        }
    }

    /** {@code isthmus route delete --subnet ID DEST}. */
    @Command(name = "delete", description = "Remove the static route to a destination.")
    static final class DeleteRoute extends ApiCommand {
        @Mixin
        private RouteOptions route = new RouteOptions();

        @Mixin
        private IfMatch ifMatch = new IfMatch();

        @Override
        protected void run(ApiClient client) {
            // The API writes the prefix in the path with '_' for '/': 10.1.0.0_16.
            String path = route.routes() + "/" + ApiClient.segment(route.destination.replace('/', '_'));
            show(client.send("DELETE", path, null, ifMatch.version).body(), Views.ROUTE_TABLE);
        }
    }
}
