package io.isthmus.cli.xlat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared test data lives: {@code $ISTHMUS_SHARED}, else the {@code shared} directory beside the checkout
 * (the parent of the directory holding {@code .ci}, found by walking up from the working directory).
 */
final class SharedVectors {
    private SharedVectors() {
    }

    /** The shared directory, which may not exist. */
    static Path sharedDirectory() {
        String override = System.getenv("ISTHMUS_SHARED");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".ci"))) {
                Path parent = dir.getParent();
                return (parent == null ? dir : parent).resolve("shared");
            }
        }
        return start.resolve("../../shared").normalize();
    }

    /** Jool's SIIT graybox vectors. */
    static Path joolSiit() {
        return sharedDirectory().resolve("conformance/jool-siit");
    }
}
