package io.isthmus.cli.resource;

import io.isthmus.cli.client.ApiClient;
import picocli.CommandLine.Option;

/** The {@code --from} and {@code --to} of a usage or invoice command, as the query of its request. */
final class Period {
    @Option(names = "--from", paramLabel = "INSTANT", order = 20,
        description = "Start of the period, like 2026-12-01T00:00:00Z (rounded down to its hour; default: the start "
            + "of the current UTC month).")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", order = 21,
        description = "End of the period, exclusive (rounded up to an hour; default: the start of next month).")
    String to;

    /** {@return {@code path} with the period's query, if any} */
    String query(String path) {
        StringBuilder query = new StringBuilder();
        if (from != null) {
            query.append("from=").append(ApiClient.segment(from));
        }
        if (to != null) {
            query.append(query.isEmpty() ? "" : "&").append("to=").append(ApiClient.segment(to));
        }
        return query.isEmpty() ? path : path + "?" + query;
    }
}
