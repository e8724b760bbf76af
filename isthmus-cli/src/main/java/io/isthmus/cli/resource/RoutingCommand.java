package io.isthmus.cli.resource;

import io.isthmus.cli.client.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code isthmus routing}: the routing protocols the virtual routers speak with the nodes (tenant token). */
@Command(name = "routing", description = "Routing protocol sessions of the virtual routers (tenant token).",
    subcommands = {RoutingCommand.ListSessions.class})
public final class RoutingCommand extends Group {

    /** {@code isthmus routing sessions [--network ID]}. */
    @Command(name = "sessions", description = {"List the routing sessions of the virtual routers with their "
        + "participants: state, uptime, prefixes received, accepted and announced, what was refused, last error.",
        "Without --network: every network of the tenant."})
    static final class ListSessions extends ListCommand {
        @Option(names = "--network", paramLabel = "ID", order = 1, description = "Only this network's sessions.")
        private String network;

        ListSessions() {
            super(Views.ROUTING_SESSION);
        }

        @Override
        protected String path() {
            return network == null ? "/v1/routing/sessions"
                : "/v1/networks/" + ApiClient.segment(network) + "/routing/sessions";
        }
    }
}
