package io.isthmus.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes raw packet files (one IP packet, no link header, no capture format). Problems come back as a
 * {@link FileProblem} whose message is one line fit for {@code isthmus: <message>}, worded like the C library's
 * {@code strerror} ({@code cannot read in.pkt: No such file or directory}).
 */
public final class PacketFiles {
    /** Largest IP packet either family carries without jumbograms: an IPv6 header and a 65535-byte payload. */
    public static final int MAX_PACKET_FILE = 40 + 65535;

    private PacketFiles() {
    }

    /** A file that cannot be used; the message names the file and the reason on one line. */
    public static final class FileProblem extends Exception {
        private static final long serialVersionUID = 1L;

        FileProblem(String message) {
            super(message);
        }
    }

    /**
     * The bytes of {@code file}: at least one, at most {@link #MAX_PACKET_FILE}. Never reads more than one byte past
     * the limit, so a huge file or a device fails fast.
     *
     * @throws FileProblem if the file is missing, unreadable, a directory, empty or too large
     */
    public static byte[] readPacket(Path file) throws FileProblem {
        if (Files.isDirectory(file)) {
            throw new FileProblem("cannot read " + file + ": Is a directory");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_PACKET_FILE + 1);
        } catch (IOException e) {
            throw new FileProblem("cannot read " + file + ": " + reason(e));
        }
        if (bytes.length == 0) {
            throw new FileProblem(file + " is empty: expected one raw IPv4 or IPv6 packet");
        }
        if (bytes.length > MAX_PACKET_FILE) {
            throw new FileProblem(file + " is larger than " + MAX_PACKET_FILE
                + " bytes, the largest IP packet without jumbograms: expected one raw IPv4 or IPv6 packet");
        }
        return bytes;
    }

    /**
     * Writes {@code bytes} to {@code file}, replacing it if it exists.
     *
     * @throws FileProblem if the file cannot be written
     */
    public static void writePacket(Path file, byte[] bytes) throws FileProblem {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new FileProblem("cannot write " + file + ": " + reason(e));
        }
    }

    /**
     * Creates {@code directory} and its parents if missing.
     *
     * @throws FileProblem if it cannot be created or is not a directory
     */
    public static void ensureDirectory(Path directory) throws FileProblem {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new FileProblem("cannot create directory " + directory + ": " + reason(e));
        }
    }

    /** The reason of an I/O failure as the C library would word it, without repeating the file name. */
    static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException ignored -> "No such file or directory";
            case AccessDeniedException ignored -> "Permission denied";
            case java.nio.file.FileAlreadyExistsException ignored -> "File exists";
            case FileSystemException fs when fs.getReason() != null -> fs.getReason();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }
}
