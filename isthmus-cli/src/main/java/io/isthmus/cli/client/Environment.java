package io.isthmus.cli.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the command reads from its process environment: variables and the home directory. A seam so that tests can
 * give the command an environment, which Java cannot set for its own process.
 */
public interface Environment {
    /** The value of an environment variable, or null. */
    String variable(String name);

    /** The user's home directory, or null when there is none. */
    Path home();

    /** The environment of this process. */
    static Environment system() {
        return new Environment() {
            @Override
            public String variable(String name) {
                return System.getenv(name);
            }

            @Override
            public Path home() {
                String home = System.getProperty("user.home");
                return home == null || home.isEmpty() ? null : Path.of(home);
            }
        };
    }

    /** A fixed environment: these variables and this home (null for none). */
    static Environment of(Map<String, String> variables, Path home) {
        Map<String, String> copy = Map.copyOf(variables);
        return new Environment() {
            @Override
            public String variable(String name) {
                return copy.get(name);
            }

            @Override
            public Path home() {
                return home;
            }
        };
    }
}
