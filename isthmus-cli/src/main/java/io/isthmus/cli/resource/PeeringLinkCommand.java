package io.isthmus.cli.resource;

import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code isthmus peering-link}: answering and deleting links between peering routers (tenant token); links are made
 * with {@code peering-router link}.
 */
@Command(name = "peering-link", description = "Links between peering routers: accept, reject, delete "
    + "(tenant token).",
    subcommands = {PeeringLinkCommand.AcceptLink.class, PeeringLinkCommand.RejectLink.class,
        PeeringLinkCommand.DeleteLink.class})
public final class PeeringLinkCommand extends Group {

    /** The base of {@code accept} and {@code reject}. */
    abstract static class Answer extends ApiCommand {
        private final String action;

        @Parameters(paramLabel = "ID", description = "The link's id.")
        private String id;

        @Mixin
        private IfMatch ifMatch = new IfMatch();

        Answer(String action) {
            this.action = action;
        }

        @Override
        protected final void run(ApiClient client) {
            show(client.send("POST", "/v1/peering-links/" + ApiClient.segment(id) + "/" + action, Json.object(),
                ifMatch.version).body(), Views.PEERING_LINK);
        }
    }

    /** {@code isthmus peering-link accept ID}. */
    @Command(name = "accept", description = "Accept a pending link to a router you own.")
    static final class AcceptLink extends Answer {
        AcceptLink() {
            super("accept");
        }
    }

    /** {@code isthmus peering-link reject ID}. */
    @Command(name = "reject", description = "Reject a pending link to a router you own.")
    static final class RejectLink extends Answer {
        RejectLink() {
            super("reject");
        }
    }

    /** {@code isthmus peering-link delete ID}. */
    @Command(name = "delete", description = "Delete a link (the owner of either router).")
    static final class DeleteLink extends DeleteCommand {
        DeleteLink() {
            super("/v1/peering-links/%s");
        }
    }
}
