package io.isthmus.cli.xlat;

import io.isthmus.cli.IsthmusCommand;
import io.isthmus.cli.PacketFiles;
import io.isthmus.cli.PacketFiles.FileProblem;
import io.isthmus.xlat.PacketSink;
import io.isthmus.xlat.TranslationResult;
import io.isthmus.xlat.Translator;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code isthmus xlat translate}: runs one raw IP packet from a file through a {@link Translator} configured from
 * the options, writes every emitted packet to {@code out-1.pkt}, {@code out-2.pkt}, ... and prints one
 * {@link PacketSummary} line per packet, then {@code result: <TranslationResult>}.
 *
 * <p>Exit status: 0 when the packet was translated (whole or fragmented), 1 when the translator dropped it (any
 * ICMP error it sent back is still written), 2 for usage errors and unusable input or output files.
 */
@Command(name = "translate",
    mixinStandardHelpOptions = true,
    versionProvider = io.isthmus.cli.VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "Translates one raw IP packet (IPv4 or IPv6, no link-layer header) between IPv4 and IPv6 as a stateless "
            + "translator (SIIT, RFC 7915) does, writes every packet the translator emits to out-1.pkt, "
            + "out-2.pkt, ... in the output directory (overwriting those names, deleting nothing), and prints one "
            + "line per emitted packet and a final 'result:' line with the outcome.",
        "",
        "Addresses map through explicit address mappings (--eam, RFC 7757) first, then the RFC 6052 prefix "
            + "(--pool6); at least one of the two is required."},
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        " 0:translated (result TRANSLATED or FRAGMENTED)",
        " 1:dropped by the translator (result DROPPED_...); an ICMP error it sent back is still written",
        " 2:usage error, or an unreadable, empty or too large input file, or an unwritable output directory"},
    footerHeading = "%nOutput, one line per emitted packet, then the outcome:%n",
    footer = {
        "  out-N.pkt  translated|icmp-error-to-sender  PACKET-SUMMARY",
        "  result: TRANSLATED|FRAGMENTED|DROPPED_...",
        "",
        "Example:",
        "  isthmus xlat translate --pool6 2001:db8:100::/40 \\",
        "      --eam 10.0.0.0/24=2001:db8:2::/120 --out-dir /tmp/xlat udp4.pkt"})
public final class TranslateCommand implements Callable<Integer> {
    /** Name of the {@code n}th output file (1-based). */
    public static String outputName(int n) {
        return "out-" + n + ".pkt";
    }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT.pkt",
        description = "File holding one raw IPv4 or IPv6 packet, starting with the IP header.")
    private Path input;

    @Mixin
    private TranslatorOptions translatorOptions;

    @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = ".",
        description = "Directory for out-N.pkt, created if missing (default: the current directory).")
    private Path outDir;

    @Option(names = "--direction", paramLabel = "DIRECTION", defaultValue = "auto",
        converter = DirectionConverter.class, completionCandidates = DirectionCandidates.class,
        description = "auto (by the version nibble), 4to6 or 6to4 (default ${DEFAULT-VALUE}).")
    private Direction direction;

    /** Which translation to run. */
    public enum Direction {
        /** By the version nibble of the first byte: 6 is IPv6, anything else is taken as IPv4. */
        AUTO("auto"),
        /** IPv4 to IPv6, whatever the version nibble says. */
        FOUR_TO_SIX("4to6"),
        /** IPv6 to IPv4, whatever the version nibble says. */
        SIX_TO_FOUR("6to4");

        private final String text;

        Direction(String text) {
            this.text = text;
        }

        /** The option value naming this direction. */
        public String text() {
            return text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** One packet the translator emitted, copied out of its reused buffer. */
    private record Emitted(byte[] bytes, PacketSink.Emission kind) {
    }

    @Override
    public Integer call() {
        Translator translator = new Translator(translatorOptions.config());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] packet;
        try {
            packet = PacketFiles.readPacket(input);
        } catch (FileProblem e) {
            return fail(err, e);
        }

        List<Emitted> emitted = new ArrayList<>();
        PacketSink sink = (segment, offset, length, kind) ->
            emitted.add(new Emitted(segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE), kind));
        MemorySegment segment = MemorySegment.ofArray(packet);
        TranslationResult result = switch (direction) {
            case AUTO -> translator.translate(segment, 0, packet.length, sink);
            case FOUR_TO_SIX -> translator.translate4to6(segment, 0, packet.length, sink);
            case SIX_TO_FOUR -> translator.translate6to4(segment, 0, packet.length, sink);
        };

        try {
            if (!emitted.isEmpty()) {
                PacketFiles.ensureDirectory(outDir);
            }
            for (int i = 0; i < emitted.size(); i++) {
                Emitted e = emitted.get(i);
                String name = outputName(i + 1);
                PacketFiles.writePacket(outDir.resolve(name), e.bytes());
                out.println(name + "  " + kindLabel(e.kind()) + "  " + PacketSummary.describe(e.bytes()));
            }
        } catch (FileProblem e) {
            out.flush();
            return fail(err, e);
        }
        out.println("result: " + result.name());
        out.flush();
        return result.isDrop() ? 1 : 0;
    }

    /** The label of the second column: what the packet is. */
    static String kindLabel(PacketSink.Emission kind) {
        return switch (kind) {
            case TRANSLATED -> "translated";
            case ICMP_ERROR_TO_SENDER -> "icmp-error-to-sender";
        };
    }

    private int fail(PrintWriter err, FileProblem problem) {
        err.println(IsthmusCommand.ERROR_PREFIX + problem.getMessage());
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }

    /** Parses {@code --direction}. */
    static final class DirectionConverter implements ITypeConverter<Direction> {
        @Override
        public Direction convert(String value) {
            for (Direction d : Direction.values()) {
                if (d.text().equalsIgnoreCase(value.strip())) {
                    return d;
                }
            }
            throw new TypeConversionException("'" + value + "' is not one of auto, 4to6, 6to4");
        }
    }

    /** The {@code --direction} values, for completion scripts. */
    static final class DirectionCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return java.util.Arrays.stream(Direction.values()).map(Direction::text).iterator();
        }
    }
}
