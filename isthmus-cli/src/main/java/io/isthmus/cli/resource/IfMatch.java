package io.isthmus.cli.resource;

import picocli.CommandLine.Option;

/** The {@code --if-match VERSION} option of deletes and updates, sent as {@code If-Match: "VERSION"}. */
final class IfMatch {
    @Option(names = "--if-match", paramLabel = "VERSION", order = 50,
        description = "Only if the resource is still at this version (its VERSION column or ETag); "
            + "otherwise the controller refuses with 412.")
    Long version;
}
