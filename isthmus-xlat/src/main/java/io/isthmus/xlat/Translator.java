package io.isthmus.xlat;

import java.lang.foreign.MemorySegment;

/**
 * Stateless IP/ICMP translator (RFC 7915). Each call translates one packet and hands every packet it emits to the
 * sink before returning: the translation (or its fragments), or an ICMP error back to the sender.
 *
 * <p>Not thread-safe: a translator owns its output buffers; use one per thread. Nothing in {@code translate*}
 * allocates or throws for any input bytes.
 */
public final class Translator {
    private final TranslatorConfig config;
    private final Ipv4ToIpv6 fourToSix;
    private final Ipv6ToIpv4 sixToFour;

    public Translator(TranslatorConfig config) {
        this.config = config;
        IcmpErrorGenerator errors = new IcmpErrorGenerator(config);
        this.fourToSix = new Ipv4ToIpv6(config, errors);
        this.sixToFour = new Ipv6ToIpv4(config, errors);
    }

    /** The settings this translator runs with. */
    public TranslatorConfig config() {
        return config;
    }

    /** Translates the IPv4 packet in {@code length} bytes of {@code segment} from {@code offset} to IPv6. */
    public TranslationResult translate4to6(MemorySegment segment, long offset, int length, PacketSink sink) {
        return fourToSix.translate(segment, offset, length, sink);
    }

    /** Translates the IPv6 packet in {@code length} bytes of {@code segment} from {@code offset} to IPv4. */
    public TranslationResult translate6to4(MemorySegment segment, long offset, int length, PacketSink sink) {
        return sixToFour.translate(segment, offset, length, sink);
    }

    /** Translates whichever family the first nibble names; anything else is a malformed IPv4 packet. */
    public TranslationResult translate(MemorySegment segment, long offset, int length, PacketSink sink) {
        if (length > 0 && (segment.get(java.lang.foreign.ValueLayout.JAVA_BYTE, offset) & 0xf0) == 0x60) {
            return translate6to4(segment, offset, length, sink);
        }
        return translate4to6(segment, offset, length, sink);
    }
}
