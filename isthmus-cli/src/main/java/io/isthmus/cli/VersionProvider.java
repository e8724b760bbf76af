package io.isthmus.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * Answers {@code isthmus --version}: the project version (filtered into {@code isthmus-version.properties} at build
 * time) and the Java runtime it runs on.
 */
public final class VersionProvider implements IVersionProvider {
    /** The project version, or {@code unknown} when the resource is missing (running from unfiltered classes). */
    public static String projectVersion() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("isthmus-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "isthmus " + projectVersion(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"};
    }
}
