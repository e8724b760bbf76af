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

/** {@code isthmus peering-attachment}: networks attached to peering routers, with their policies (tenant token). */
@Command(name = "peering-attachment", description = "Networks attached to peering routers, their policies and "
    + "acceptance (tenant token).",
    subcommands = {PeeringAttachmentCommand.CreateAttachment.class, PeeringAttachmentCommand.ListAttachments.class,
        PeeringAttachmentCommand.GetAttachment.class, PeeringAttachmentCommand.AcceptAttachment.class,
        PeeringAttachmentCommand.RejectAttachment.class, PeeringAttachmentCommand.DeleteAttachment.class,
        PeeringAttachmentCommand.AttachmentUsage.class})
public final class PeeringAttachmentCommand extends Group {

    /** A traffic rule of {@code --rule}: {@code DIRECTION PROTOCOL[:PORTS] [DESTINATION]}. */
    static ObjectNode rule(String text, ApiCommand command) {
        String[] words = text.strip().split("\\s+");
        if (words.length < 2 || words.length > 3) {
            throw command.usage("a rule is DIRECTION PROTOCOL[:PORTS] [DESTINATION], like 'in tcp:80 10.0.0.5/32',"
                + " not " + text);
        }
        ObjectNode rule = Json.object().put("direction", words[0]);
        String protocol = words[1];
        int colon = protocol.indexOf(':');
        if (colon >= 0) {
            String ports = protocol.substring(colon + 1);
            protocol = protocol.substring(0, colon);
            int dash = ports.indexOf('-');
            try {
                rule.put("fromPort", Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash)));
                rule.put("toPort", Integer.parseInt(dash < 0 ? ports : ports.substring(dash + 1)));
            } catch (NumberFormatException e) {
                throw command.usage("ports are PORT or FROM-TO, not " + ports);
            }
        }
        rule.put("protocol", protocol);
        if (words.length == 3) {
            rule.put("destination", words[2]);
        }
        return rule;
    }

    /** {@code isthmus peering-attachment create --router ID --network ID [policy]}. */
    @Command(name = "create", description = {"Attach a network to a peering router.",
        "The network's tenant attaches its own network; the router's owner may also propose another tenant's "
            + "network, which that tenant then accepts or rejects."})
    static final class CreateAttachment extends ApiCommand {
        @Option(names = "--router", paramLabel = "ROUTER_ID", required = true, order = 1,
            description = "The peering router.")
        private String router;

        @Option(names = "--network", paramLabel = "NETWORK_ID", required = true, order = 2,
            description = "The network to attach.")
        private String network;

        @Option(names = "--export", paramLabel = "RANGE", order = 3,
            description = "A prefix range the network announces, like 10.0.0.0/16{16,24}; repeat (none: all).")
        private List<String> exports;

        @Option(names = "--import", paramLabel = "RANGE", order = 4,
            description = "A prefix range the network accepts; repeat (none: all).")
        private List<String> imports;

        @Option(names = "--rule", paramLabel = "RULE", order = 5,
            description = "Traffic that may pass: 'DIRECTION PROTOCOL[:PORTS] [DESTINATION]', like "
                + "'in tcp:80 10.0.0.5/32' or 'out any'; repeat (none: all).")
        private List<String> rules;

        @Option(names = "--responses-only", order = 6,
            description = "Only return traffic of connections initiated from this network may enter it.")
        private boolean responsesOnly;

        @Option(names = "--peer", paramLabel = "ATTACHMENT_ID", order = 7,
            description = "Another attachment of the router this one may exchange with; repeat (none: all).")
        private List<String> peers;

        @Option(names = "--overlap", paramLabel = "refuse|translate", order = 8,
            description = "When a block overlaps a range on the router: refuse (default) or translate 1:1.")
        private String overlap;

        @Option(names = "--represent", paramLabel = "BLOCK=REPRESENTATIVE", order = 9,
            description = "With --overlap translate: the range peers see the block as, like "
                + "10.0.0.0/24=210.0.0.0/24; repeat. Blocks not given get one chosen when they overlap.")
        private List<String> translations;

        @Option(names = "--duration", paramLabel = "SECONDS", order = 10,
            description = "How long the attachment stays active (default: as long as the router allows).")
        private Long duration;

        @Override
        protected void run(ApiClient client) {
            ObjectNode body = Json.object().put("networkId", network);
            if (duration != null) {
                body.put("durationSeconds", duration);
            }
            ObjectNode policy = body.putObject("policy");
            if (exports != null) {
                exports.forEach(policy.putArray("exports")::add);
            }
            if (imports != null) {
                imports.forEach(policy.putArray("imports")::add);
            }
            if (rules != null) {
                ArrayNode array = policy.putArray("rules");
                rules.forEach(r -> array.add(rule(r, this)));
            }
            policy.put("responsesOnly", responsesOnly);
            if (peers != null) {
                peers.forEach(policy.putArray("peers")::add);
            }
            if (overlap != null) {
                policy.put("overlap", overlap);
            }
            if (translations != null) {
                ArrayNode array = policy.putArray("translations");
                for (String t : translations) {
                    int eq = t.indexOf('=');
                    if (eq < 0) {
                        throw usage("--represent is BLOCK=REPRESENTATIVE, not " + t);
                    }
                    array.addObject().put("block", t.substring(0, eq)).put("representative", t.substring(eq + 1));
                }
            }
            show(client.send("POST", "/v1/peering-routers/" + ApiClient.segment(router) + "/attachments", body,
                null).body(), Views.PEERING_ATTACHMENT);
        }
    }

    /** Which attachments {@code list} shows. */
    static final class Scope {
        @Option(names = "--router", paramLabel = "ROUTER_ID", description = "The attachments of a router you own.")
        String router;

        @Option(names = "--network", paramLabel = "NETWORK_ID", description = "The attachments of your network.")
        String network;
    }

    /** {@code isthmus peering-attachment list [--router ID | --network ID]}. */
    @Command(name = "list", description = "List the peering attachments you are a party to (of your routers and "
        + "of your networks), or those of one router or network.")
    static final class ListAttachments extends ListCommand {
        @ArgGroup(exclusive = true)
        private Scope scope;

        ListAttachments() {
            super(Views.PEERING_ATTACHMENT);
        }

        @Override
        protected String path() {
            if (scope != null && scope.router != null) {
                return "/v1/peering-routers/" + ApiClient.segment(scope.router) + "/attachments";
            }
            if (scope != null && scope.network != null) {
                return "/v1/networks/" + ApiClient.segment(scope.network) + "/peering-attachments";
            }
            return "/v1/peering-attachments";
        }
    }

    /** {@code isthmus peering-attachment get ID}. */
    @Command(name = "get", description = "Show a peering attachment.")
    static final class GetAttachment extends GetCommand {
        GetAttachment() {
            super("/v1/peering-attachments/%s", Views.PEERING_ATTACHMENT);
        }
    }

    /** The base of {@code accept} and {@code reject}: a POST to the attachment's action. */
    abstract static class Transition extends ApiCommand {
        private final String action;

        @Parameters(paramLabel = "ID", description = "The attachment's id.")
        private String id;

        @Mixin
        private IfMatch ifMatch = new IfMatch();

        Transition(String action) {
            this.action = action;
        }

        @Override
        protected final void run(ApiClient client) {
            show(client.send("POST", "/v1/peering-attachments/" + ApiClient.segment(id) + "/" + action,
                Json.object(), ifMatch.version).body(), Views.PEERING_ATTACHMENT);
        }
    }

    /** {@code isthmus peering-attachment accept ID}. */
    @Command(name = "accept", description = "Accept a pending attachment (as the network's tenant or the "
        + "router's owner, whichever has not yet).")
    static final class AcceptAttachment extends Transition {
        AcceptAttachment() {
            super("accept");
        }
    }

    /** {@code isthmus peering-attachment reject ID}. */
    @Command(name = "reject", description = "Reject a pending attachment.")
    static final class RejectAttachment extends Transition {
        RejectAttachment() {
            super("reject");
        }
    }

    /** {@code isthmus peering-attachment delete ID}. */
    @Command(name = "delete", description = "Detach: delete an attachment in any state.")
    static final class DeleteAttachment extends DeleteCommand {
        DeleteAttachment() {
            super("/v1/peering-attachments/%s");
        }
    }

    /** {@code isthmus peering-attachment usage ID [--from INSTANT] [--to INSTANT]}. */
    @Command(name = "usage", description = {"Show an attachment's usage in a period: packets and bytes into and out "
        + "of its network, routing updates, attachment-hours, and each hour's counts.",
        "Both the network's tenant and the router's owner see it; a detached attachment's usage stays."})
    static final class AttachmentUsage extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "The attachment's id.")
        private String id;

        @Mixin
        private Period period = new Period();

        @Override
        protected void run(ApiClient client) {
            show(client.send("GET", period.query("/v1/peering-attachments/" + ApiClient.segment(id) + "/usage"),
                null, null).body(), Views.USAGE);
        }
    }
}
