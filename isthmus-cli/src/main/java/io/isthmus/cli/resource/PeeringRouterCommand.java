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

/** {@code isthmus peering-router}: a tenant's peering routers ({@code /v1/peering-routers}, tenant token). */
@Command(name = "peering-router", description = "Peering routers that connect networks of several tenants "
    + "(tenant token).",
    subcommands = {PeeringRouterCommand.CreateRouter.class, PeeringRouterCommand.ListRouters.class,
        PeeringRouterCommand.GetRouter.class, PeeringRouterCommand.UpdateRouter.class,
        PeeringRouterCommand.DeleteRouter.class, PeeringRouterCommand.LinkRouter.class,
        PeeringRouterCommand.ListLinks.class})
public final class PeeringRouterCommand extends Group {

    /** The restriction flags of {@code create} and {@code update}. */
    static final class RestrictionFlags {
        @Option(names = "--allow-tenant", paramLabel = "TENANT_ID", order = 10,
            description = "A tenant whose networks may attach; repeat for more (none: any). Replaces the list.")
        List<String> tenants;

        @Option(names = "--allow-network", paramLabel = "NETWORK_ID", order = 11,
            description = "A network that may attach; repeat for more (none: any). Replaces the list.")
        List<String> networks;

        @Option(names = "--window", paramLabel = "WINDOW", order = 12,
            description = {"When attachments may be made or activated, in UTC; repeat for more (none: always). "
                + "Replaces the list.", "Weekly: DAYS@HH:MM-HH:MM, like mon,tue,fri@08:00-18:00 (an end of 00:00 "
                + "is midnight); absolute: FROM/UNTIL, like 2027-01-01T00:00:00Z/2027-02-01T00:00:00Z."})
        List<String> windows;

        @Option(names = "--no-windows", order = 13, description = "Remove every window: always available.")
        boolean noWindows;

        @Option(names = "--max-duration", paramLabel = "SECONDS", order = 14,
            description = "How long an attachment stays active once activated (0: no limit).")
        Long maxDuration;

        @Option(names = "--pre-approved", paramLabel = "true|false", order = 15, arity = "0..1",
            fallbackValue = "true",
            description = "Whether other tenants' requests need no acceptance by the owner (default false).")
        Boolean preApproved;

        boolean any() {
            return tenants != null || networks != null || windows != null || noWindows || maxDuration != null
                || preApproved != null;
        }

        /** {@code current} restrictions (or an empty object) with the flags given applied. */
        ObjectNode applyTo(JsonNode current, ApiCommand command) {
            ObjectNode r = current != null && current.isObject() ? ((ObjectNode) current).deepCopy() : Json.object();
            if (tenants != null) {
                tenants.forEach(r.putArray("tenants")::add);
            }
            if (networks != null) {
                networks.forEach(r.putArray("networks")::add);
            }
            if (noWindows) {
                r.putArray("windows");
            } else if (windows != null) {
                ArrayNode array = r.putArray("windows");
                for (String w : windows) {
                    array.add(window(w, command));
                }
            }
            if (maxDuration != null) {
                r.put("maxAttachmentSeconds", maxDuration);
            }
            if (preApproved != null) {
                r.put("preApproved", preApproved);
            }
            return r;
        }
    }

    /** A window of {@code --window} as the API's JSON. */
    static ObjectNode window(String text, ApiCommand command) {
        int at = text.indexOf('@');
        if (at > 0) {
            String[] times = text.substring(at + 1).split("-", -1);
            if (times.length != 2) {
                throw command.usage("a weekly window is DAYS@HH:MM-HH:MM, not " + text);
            }
            ObjectNode w = Json.object().put("type", "weekly");
            ArrayNode days = w.putArray("days");
            for (String day : text.substring(0, at).split(",")) {
                days.add(day(day.strip(), command));
            }
            return w.put("start", times[0]).put("end", times[1]);
        }
        int slash = text.indexOf('/');
        if (slash > 0) {
            return Json.object().put("type", "absolute").put("from", text.substring(0, slash))
                .put("until", text.substring(slash + 1));
        }
        throw command.usage("a window is DAYS@HH:MM-HH:MM or FROM/UNTIL, not " + text);
    }

    private static String day(String text, ApiCommand command) {
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.length() >= 3 && day.startsWith(lower)) {
                return day;
            }
        }
        throw command.usage("not a day of the week: " + text);
    }

    /** {@code isthmus peering-router create NAME [restrictions]}. */
    @Command(name = "create", description = "Create a peering router.")
    static final class CreateRouter extends ApiCommand {
        @Parameters(paramLabel = "NAME", description = "The router's name.")
        private String name;

        @Mixin
        private RestrictionFlags restrictions = new RestrictionFlags();

        @Override
        protected void run(ApiClient client) {
            ObjectNode body = Json.object().put("name", name);
            body.set("restrictions", restrictions.applyTo(null, this));
            show(client.send("POST", "/v1/peering-routers", body, null).body(), Views.PEERING_ROUTER);
        }
    }

    /** {@code isthmus peering-router list}. */
    @Command(name = "list", description = "List the tenant's peering routers.")
    static final class ListRouters extends ListCommand {
        ListRouters() {
            super(Views.PEERING_ROUTER);
        }

        @Override
        protected String path() {
            return "/v1/peering-routers";
        }
    }

    /** {@code isthmus peering-router get ID}. */
    @Command(name = "get", description = "Show a peering router.")
    static final class GetRouter extends GetCommand {
        GetRouter() {
            super("/v1/peering-routers/%s", Views.PEERING_ROUTER);
        }
    }

    /** {@code isthmus peering-router update ID [--name NAME] [restrictions]}. */
    @Command(name = "update", description = {"Change a peering router's name or restrictions.",
        "A list flag replaces that list; what is not given is kept."})
    static final class UpdateRouter extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "The router's id.")
        private String id;

        @Option(names = "--name", paramLabel = "NAME", order = 1, description = "The new name.")
        private String name;

        @Mixin
        private RestrictionFlags restrictions = new RestrictionFlags();

        @Mixin
        private IfMatch ifMatch = new IfMatch();

        @Override
        protected void run(ApiClient client) {
            if (name == null && !restrictions.any()) {
                throw usage("nothing to update: give --name or a restriction such as --allow-tenant");
            }
            String path = "/v1/peering-routers/" + ApiClient.segment(id);
            ObjectNode body = Json.object();
            if (name != null) {
                body.put("name", name);
            }
            Long version = ifMatch.version;
            if (restrictions.any()) {
                // The API replaces the restrictions as a whole, so the ones not given are read first.
                ApiClient.Reply current = client.send("GET", path, null, null);
                body.set("restrictions", restrictions.applyTo(current.body().path("restrictions"), this));
                version = version != null ? version : current.version();
            }
            show(client.send("PATCH", path, body, version).body(), Views.PEERING_ROUTER);
        }
    }

    /** {@code isthmus peering-router delete ID}. */
    @Command(name = "delete", description = "Delete a peering router that has no attachments left.")
    static final class DeleteRouter extends DeleteCommand {
        DeleteRouter() {
            super("/v1/peering-routers/%s");
        }
    }

    /** {@code isthmus peering-router link ID PEER_ID}. */
    @Command(name = "link", description = {"Link a router you own to another peering router (a fabric).",
        "Active at once when you own both; else it waits for the other owner's peering-link accept."})
    static final class LinkRouter extends ApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "Your router's id.")
        private String id;

        @Parameters(index = "1", paramLabel = "PEER_ID", description = "The other router's id.")
        private String peer;

        @Override
        protected void run(ApiClient client) {
            show(client.send("POST", "/v1/peering-routers/" + ApiClient.segment(id) + "/links",
                Json.object().put("peerRouterId", peer), null).body(), Views.PEERING_LINK);
        }
    }

    /** {@code isthmus peering-router links ID}. */
    @Command(name = "links", description = "List a router's links to other peering routers.")
    static final class ListLinks extends ListCommand {
        @Parameters(paramLabel = "ID", description = "The router's id.")
        private String id;

        ListLinks() {
            super(Views.PEERING_LINK);
        }

        @Override
        protected String path() {
            return "/v1/peering-routers/" + ApiClient.segment(id) + "/links";
        }
    }
}
