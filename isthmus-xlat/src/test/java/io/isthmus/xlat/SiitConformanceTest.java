package io.isthmus.xlat;

import static org.assertj.core.api.Assertions.assertThat;

import io.isthmus.wire.Ipv4Address;
import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.mapping.ExplicitAddressMappingTable;
import io.isthmus.xlat.mapping.Rfc6052Mapper;
import io.isthmus.xlat.mapping.Rfc6791Source;
import io.isthmus.xlat.mapping.Rfc7757Mapper;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the external RFC 7915 vectors of {@code ../shared/conformance/jool-siit} (Jool's graybox suite) through the
 * translator with the configuration their README gives. A case passes when exactly one packet comes out, of the
 * expected length and equal at every byte the manifest does not list as ignored. Skips, saying why, when the shared
 * directory is not beside the project.
 */
class SiitConformanceTest {

    /** The translator configuration of the vectors' README (Jool's setup-jool.sh). */
    static Translator joolConfiguredTranslator() {
        ExplicitAddressMappingTable eamt = ExplicitAddressMappingTable.builder()
            .add("1.0.0.0/24", "2001:db8:3::/120")
            .add("10.0.0.0/24", "2001:db8:2::/120")
            .build();
        Rfc6052Mapper pool6 = new Rfc6052Mapper(Ipv6Prefix.parse("2001:db8:100::/40"));
        return new Translator(TranslatorConfig.defaults(new Rfc7757Mapper(eamt, pool6))
            .withRfc6791(Rfc6791Source.of("203.0.113.8/32"))
            .withLowestIpv6Mtu(1280));
    }

    /** The vectors directory: {@code $ISTHMUS_SHARED/conformance/jool-siit}, or {@code ../shared} of the checkout. */
    static Path vectors() {
        String override = System.getenv("ISTHMUS_SHARED");
        if (override != null && !override.isBlank()) {
            return Path.of(override, "conformance", "jool-siit");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".ci")) || Files.isDirectory(dir.resolve(".git"))) {
                Path parent = dir.getParent();
                return parent == null ? dir.resolve("shared") : parent.resolve("shared/conformance/jool-siit");
            }
        }
        return Path.of("..", "..", "shared", "conformance", "jool-siit");
    }

    record Case(String group, String direction, String input, String expected, Set<Integer> ignored) {
    }

    static List<Case> manifest(Path dir) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("manifest.tsv"))) {
            if (line.isBlank() || line.startsWith("group\t")) {
                continue;
            }
            String[] f = line.split("\t");
            Set<Integer> ignored = new HashSet<>();
            if (!f[4].equals("-")) {
                for (String offset : f[4].split(",")) {
                    ignored.add(Integer.parseInt(offset.trim()));
                }
            }
            cases.add(new Case(f[0], f[1], f[2], f[3], ignored));
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> joolSiitVectors() throws IOException {
        Path dir = vectors();
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("manifest.tsv")),
            "conformance vectors not found at " + dir + ": place the shared directory beside the checkout "
                + "(../shared) or set ISTHMUS_SHARED to run the Jool SIIT conformance suite");
        List<Case> cases = manifest(dir);
        assertThat(cases).as("cases in manifest.tsv").hasSize(42);
        Translator translator = joolConfiguredTranslator();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.group() + " " + c.input(), () -> {
            byte[] input = Files.readAllBytes(dir.resolve(c.input()));
            byte[] expected = Files.readAllBytes(dir.resolve(c.expected()));
            var sink = new TestPackets.Collector();
            MemorySegment segment = MemorySegment.ofArray(input);
            TranslationResult result = c.direction().equals("6to4")
                ? translator.translate6to4(segment, 0, input.length, sink)
                : translator.translate4to6(segment, 0, input.length, sink);
            assertThat(sink.packets).as("packets emitted (result %s)", result).hasSize(1);
            byte[] actual = sink.packets.getFirst().bytes();
            assertThat(actual.length).as("length").isEqualTo(expected.length);
            for (int i = 0; i < expected.length; i++) {
                if (!c.ignored().contains(i) && actual[i] != expected[i]) {
                    throw new AssertionError(String.format("byte %d: expected %02x, got %02x%nexpected %s%nactual   %s",
                        i, expected[i] & 0xff, actual[i] & 0xff, io.isthmus.wire.Hex.of(expected),
                        io.isthmus.wire.Hex.of(actual)));
                }
            }
        }));
    }

    /** Sanity of the configuration itself, independent of the vectors. */
    @org.junit.jupiter.api.Test
    void configurationMapsTheDocumentedAddresses() {
        var mapper = (Rfc7757Mapper) joolConfiguredTranslator().config().mapper();
        var slot = new Ipv6Slot();
        assertThat(mapper.toIpv6(Ipv4Address.parse("192.0.2.33"), slot)).isTrue();
        assertThat(slot.toAddress().toString()).isEqualTo("2001:db8:1c0:2:21::");
        assertThat(mapper.toIpv6(Ipv4Address.parse("10.0.0.7"), slot)).isTrue();
        assertThat(slot.toAddress().toString()).isEqualTo("2001:db8:2::7");
    }
}
