package io.isthmus.cli.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.Json;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The base of the {@code list} commands: fetches every page by following {@code nextCursor}, or one page with
 * {@code --limit} (and {@code --cursor} to go on from a previous page).
 *
 * <p>With {@code -o json} one page prints as the API sent it; all pages print as one listing
 * {@code {"items": [...], "nextCursor": null}}.
 */
abstract class ListCommand extends ApiCommand {
    private final View view;

    @Option(names = "--limit", paramLabel = "N", order = 60,
        description = "Fetch one page of at most N items (1 to 500) instead of all of them.")
    private Integer limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", order = 61,
        description = "With --limit: the page after the one that answered this nextCursor.")
    private String cursor;

    ListCommand(View view) {
        this.view = view;
    }

    /** The path of the listing, without query. */
    protected abstract String path();

    @Override
    protected final void run(ApiClient client) {
        if (limit != null && (limit < 1 || limit > 500)) {
            throw usage("--limit must be from 1 to 500, was " + limit);
        }
        if (cursor != null && limit == null) {
            throw usage("--cursor goes with --limit");
        }
        if (limit != null) {
            JsonNode page = fetch(client, cursor);
            if (output == Output.json) {
                out().println(Json.pretty(page));
                return;
            }
            view.printMany(page.path("items"), out());
            String next = page.path("nextCursor").textValue();
            if (next != null) {
                spec.commandLine().getErr().println("more: repeat with --cursor " + next);
            }
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = fetch(client, next);
            page.path("items").forEach(items::add);
            next = page.path("nextCursor").textValue();
        } while (next != null);
        if (output == Output.json) {
            ObjectNode all = Json.object();
            ArrayNode array = all.putArray("items");
            items.forEach(array::add);
            all.putNull("nextCursor");
            out().println(Json.pretty(all));
        } else {
            view.printMany(items, out());
        }
    }

    private JsonNode fetch(ApiClient client, String from) {
        List<String> query = new ArrayList<>();
        if (limit != null) {
            query.add("limit=" + limit);
        }
        if (from != null) {
            query.add("cursor=" + ApiClient.segment(from));
        }
        String path = path() + (query.isEmpty() ? "" : "?" + String.join("&", query));
        return client.send("GET", path, null, null).body();
    }
}
