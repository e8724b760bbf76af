package io.isthmus.cli.lab;

import io.isthmus.cli.client.ApiClient;
import io.isthmus.cli.client.Connection;
import io.isthmus.cli.client.Environment;
import io.isthmus.cli.client.SettingsException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The controller options of the lab commands that call the REST API, resolved like the resource commands': the
 * option, else {@code $ISTHMUS_ENDPOINT}/{@code $ISTHMUS_TOKEN}, else the config file.
 */
final class ControllerConnection {
    @Option(names = "--endpoint", paramLabel = "URL", order = 100,
        description = "Controller URL (default: $ISTHMUS_ENDPOINT, then the config file).")
    private String endpoint;

    @Option(names = "--token", paramLabel = "TOKEN", order = 101,
        description = "API token (default: $ISTHMUS_TOKEN, then the config file).")
    private String token;

    @Option(names = "--config", paramLabel = "FILE", order = 102,
        description = "Config file of 'key = value' lines: endpoint, token (default: $ISTHMUS_CONFIG, else "
            + "~/.config/isthmus/config).")
    private Path config;

    /**
     * A client for the resolved endpoint and token.
     *
     * @throws IllegalArgumentException when the endpoint or the token is missing or unusable (a usage error)
     */
    ApiClient client() {
        try {
            return new ApiClient(Connection.resolve(endpoint, token, config, Environment.system()));
        } catch (SettingsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
