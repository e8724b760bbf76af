package io.isthmus.cli.resource;

import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code isthmus host}: the hosts that run nodes ({@code /v1/hosts}, operator token). */
@Command(name = "host", description = "Hosts and their substrate prefixes (operator token).",
    subcommands = {HostCommand.RegisterHost.class, HostCommand.ListHosts.class, HostCommand.GetHost.class,
        HostCommand.DeleteHost.class})
public final class HostCommand extends Group {

    /** {@code isthmus host register NAME --prefix PREFIX}. */
    @Command(name = "register", description = "Register a host with its IPv6 substrate prefix.")
    static final class RegisterHost extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The host's name.")
        private String name;

        @Option(names = "--prefix", paramLabel = "PREFIX", required = true, order = 1,
            description = "The host's IPv6 substrate prefix, like 2001:db8:0:100::/72.")
        private String prefix;

        @Override
        protected void run(ApiClient client) {
            show(client.send("POST", "/v1/hosts", Json.object().put("name", name).put("substratePrefix", prefix),
                null).body(), Views.HOST);
        }
    }

    /** {@code isthmus host list}. */
    @Command(name = "list", description = "List hosts.")
    static final class ListHosts extends ListCommand {
        ListHosts() {
            super(Views.HOST);
        }

        @Override
        protected String path() {
            return "/v1/hosts";
        }
    }

    /** {@code isthmus host get ID}. */
    @Command(name = "get", description = "Show a host.")
    static final class GetHost extends GetCommand {
        GetHost() {
            super("/v1/hosts/%s", Views.HOST);
        }
    }

    /** {@code isthmus host delete ID}. */
    @Command(name = "delete", description = "Delete a host that runs no nodes.")
    static final class DeleteHost extends DeleteCommand {
        DeleteHost() {
            super("/v1/hosts/%s");
        }
    }
}
