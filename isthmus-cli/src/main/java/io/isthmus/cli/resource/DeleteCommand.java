package io.isthmus.cli.resource;

import io.isthmus.cli.client.ApiClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The base of the {@code delete} commands: {@code DELETE} the resource at a path of its id, with {@code If-Match}
 * when given. Prints {@code deleted ID} in table form and nothing in JSON form (the API answers no body).
 */
abstract class DeleteCommand extends ApiCommand {
    private final String template;

    @Parameters(paramLabel = "ID", description = "The id of the resource.")
    private String id;

    @Mixin
    private IfMatch ifMatch = new IfMatch();

    /** A delete of {@code template} with {@code %s} for the id. */
    DeleteCommand(String template) {
        this.template = template;
    }

    /** The path of the resource with this (encoded) id. */
    protected String path(String encodedId) {
        return template.formatted(encodedId);
    }

    @Override
    protected final void run(ApiClient client) {
        client.send("DELETE", path(ApiClient.segment(id)), null, ifMatch.version);
        if (output == Output.table) {
            out().println("deleted " + id);
        }
    }
}
