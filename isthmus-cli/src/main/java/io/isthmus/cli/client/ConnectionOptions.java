package io.isthmus.cli.client;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The controller options of every command that calls the REST API (a picocli mixin): the option, else
 * {@code $ISTHMUS_ENDPOINT}/{@code $ISTHMUS_TOKEN}, else the config file.
 */
public final class ConnectionOptions {
    @Option(names = "--endpoint", paramLabel = "URL", order = 100,
        description = "Controller URL, like https://controller:8443 (default: $ISTHMUS_ENDPOINT, then the config file).")
    private String endpoint;

    @Option(names = "--token", paramLabel = "TOKEN", order = 101,
        description = "API token: the operator's or a tenant's (default: $ISTHMUS_TOKEN, then the config file).")
    private String token;

    @Option(names = "--config", paramLabel = "FILE", order = 102,
        description = {"Config file of 'key = value' lines: endpoint, token.",
            "Default: $ISTHMUS_CONFIG, else ~/.config/isthmus/config"})
    private Path config;

    /**
     * The endpoint and token these options, {@code environment} and the config file give.
     *
     * @throws SettingsException when the endpoint or the token is missing or unusable
     */
    public Connection resolve(Environment environment) throws SettingsException {
        return Connection.resolve(endpoint, token, config, environment);
    }
}
