package io.isthmus.cli.lab;

import io.isthmus.lab.LabLayout;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --lab-dir} option of the lab commands: the option, else {@code $ISTHMUS_LAB_DIR}, else
 * {@code /run/isthmus-lab}.
 */
public final class LabDirectory {
    /** Environment variable naming the lab directory. */
    public static final String VARIABLE = "ISTHMUS_LAB_DIR";

    @Option(names = "--lab-dir", paramLabel = "DIR", order = 90,
        description = "The lab's directory: state, agent logs, attachment directories (default: $" + VARIABLE
            + ", else /run/isthmus-lab).")
    private Path directory;

    /** The lab directory to use. */
    public Path resolve() {
        if (directory != null) {
            return directory;
        }
        String variable = System.getenv(VARIABLE);
        return variable != null && !variable.isBlank() ? Path.of(variable) : LabLayout.DEFAULT_DIRECTORY;
    }
}
