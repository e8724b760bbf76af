package io.isthmus.cli.resource;

import io.isthmus.cli.client.ApiClient;
import picocli.CommandLine.Parameters;

/** The base of the {@code get} commands: {@code GET} the resource at a path of its id and show it. */
abstract class GetCommand extends ApiCommand {
    private final String template;
    private final View view;

    @Parameters(paramLabel = "ID", description = "The id of the resource.")
    private String id;

    /** A get of {@code template} with {@code %s} for the id, shown as {@code view}. */
    GetCommand(String template, View view) {
        this.template = template;
        this.view = view;
    }

    @Override
    protected final void run(ApiClient client) {
        show(client.send("GET", template.formatted(ApiClient.segment(id)), null, null).body(), view);
    }
}
