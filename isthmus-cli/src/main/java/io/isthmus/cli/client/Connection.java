package io.isthmus.cli.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the controller is and the bearer token to show it. Each setting comes from the first source that has it:
 * the command-line option, then the environment ({@value #ENDPOINT_VARIABLE}, {@value #TOKEN_VARIABLE}), then the
 * config file.
 *
 * <p>The config file is {@code --config FILE}, else {@code $ISTHMUS_CONFIG}, else {@code ~/.config/isthmus/config};
 * only the default may be absent. It holds {@code key = value} lines with the keys {@code endpoint} and
 * {@code token}; blank lines and lines starting with {@code #} are ignored.
 *
 * @param endpoint the controller's base URL, without a trailing slash ({@code https://ctl.example:8443})
 * @param token the bearer token
 */
public record Connection(URI endpoint, String token) {
    /** Environment variable naming the endpoint. */
    public static final String ENDPOINT_VARIABLE = "ISTHMUS_ENDPOINT";
    /** Environment variable holding the token. */
    public static final String TOKEN_VARIABLE = "ISTHMUS_TOKEN";
    /** Environment variable naming the config file. */
    public static final String CONFIG_VARIABLE = "ISTHMUS_CONFIG";

    private static final List<String> KEYS = List.of("endpoint", "token");

    /**
     * Resolves the settings from the options (null when not given), the environment and the config file.
     *
     * @throws SettingsException when a setting is missing or unusable
     */
    public static Connection resolve(String endpointOption, String tokenOption, Path configOption, Environment env) {
        String endpoint = first(endpointOption, env.variable(ENDPOINT_VARIABLE));
        String token = first(tokenOption, env.variable(TOKEN_VARIABLE));
        if (endpoint == null || token == null) {
            Map<String, String> file = configFile(configOption, env);
            endpoint = first(endpoint, file.get("endpoint"));
            token = first(token, file.get("token"));
        }
        if (endpoint == null) {
            throw new SettingsException("no controller endpoint: give --endpoint URL, set " + ENDPOINT_VARIABLE
                + " or put 'endpoint = URL' in the config file");
        }
        if (token == null) {
            throw new SettingsException("no API token: give --token TOKEN, set " + TOKEN_VARIABLE
                + " or put 'token = TOKEN' in the config file");
        }
        return new Connection(endpoint(endpoint), token);
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a.strip() : b != null && !b.isBlank() ? b.strip() : null;
    }

    private static URI endpoint(String text) {
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new SettingsException("endpoint '" + text + "' is not an http or https URL like https://controller:8443");
    }

    /** The config file's settings; none when the default file does not exist. */
    private static Map<String, String> configFile(Path option, Environment env) {
        Path path = option;
        if (path == null && env.variable(CONFIG_VARIABLE) != null && !env.variable(CONFIG_VARIABLE).isBlank()) {
            path = Path.of(env.variable(CONFIG_VARIABLE));
        }
        boolean chosen = path != null;
        if (path == null) {
            if (env.home() == null) {
                return Map.of();
            }
            path = env.home().resolve(".config/isthmus/config");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (NoSuchFileException e) {
            if (!chosen) {
                return Map.of();
            }
            throw new SettingsException("config file " + path + " does not exist");
        } catch (IOException e) {
            throw new SettingsException("cannot read config file " + path + ": " + e.getMessage());
        }
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq).strip();
            if (eq < 0 || !KEYS.contains(key)) {
                throw new SettingsException("config file " + path + " line " + (i + 1)
                    + ": expected 'endpoint = URL' or 'token = TOKEN'");
            }
            settings.put(key, line.substring(eq + 1).strip());
        }
        return settings;
    }
}
