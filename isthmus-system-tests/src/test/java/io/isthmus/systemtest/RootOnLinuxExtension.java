package io.isthmus.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The condition behind {@link RequiresRoot}: the JVM runs on Linux with effective uid 0. */
public final class RootOnLinuxExtension implements BeforeAllCallback, BeforeEachCallback {
    /** System property that turns the abort into a failure. */
    public static final String REQUIRED_PROPERTY = "isthmus.systemTests.required";
    /** Environment variable that turns the abort into a failure. */
    public static final String REQUIRED_ENVIRONMENT = "ISTHMUS_SYSTEM_TESTS_REQUIRED";

    @Override
    public void beforeAll(ExtensionContext context) {
        check();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        check();
    }

    /** Aborts (or fails, when required) the current test unless running as root on Linux. */
    public static void check() {
        String problem = problem();
        if (problem == null) {
            return;
        }
        String message = "system test needs root on Linux (network namespaces, TUN/TAP, ip): " + problem
            + "; run as root (CI does), or see " + REQUIRED_PROPERTY;
        if (Boolean.getBoolean(REQUIRED_PROPERTY) || "true".equalsIgnoreCase(System.getenv(REQUIRED_ENVIRONMENT))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    /** Why the system tests cannot run here, or {@code null} when they can. */
    public static String problem() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return "running on " + System.getProperty("os.name");
        }
        long uid = effectiveUid();
        if (uid != 0) {
            return "running as uid " + uid;
        }
        return null;
    }

    private static long effectiveUid() {
        try {
            // "Uid:\treal\teffective\tsaved\tfilesystem"
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
