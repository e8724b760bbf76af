package io.isthmus.xlat.mapping;

import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.AddressMapper;
import io.isthmus.xlat.Ipv6Slot;

/**
 * IPv4-embedded IPv6 addresses of RFC 6052 under one prefix (the "pool6" of a SIIT or NAT64 translator).
 *
 * <p>Layout (RFC 6052 section 2.2, bit offsets from the start of the address; {@code u} is bits 64..71, always
 * zero):
 *
 * <pre>
 * +--+---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+
 * |PL| 0-------------32--40--48--56--64--72--80--88--96--104---------|
 * +--+---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+
 * |32|     prefix    |v4(32)         | u | suffix                    |
 * |40|     prefix        |v4(24)     | u |(8)| suffix                |
 * |48|     prefix            |v4(16) | u | (16)  | suffix            |
 * |56|     prefix                |(8)| u |  v4(24)   | suffix        |
 * |64|     prefix                    | u |   v4(32)      | suffix    |
 * |96|     prefix                                    |    v4(32)     |
 * +--+---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+---+
 * </pre>
 *
 * <p>Decoding rules:
 * <ul>
 *   <li>a non-zero u-octet makes the address not an IPv4-embedded address: {@link #toIpv4} returns
 *       {@link #NO_MAPPING}. RFC 6052 section 2.2 says those bits "MUST be set to zero"; an address that breaks a
 *       MUST is not one this prefix produced, and accepting it would map 256 IPv6 addresses onto one IPv4 address
 *       (an anti-spoofing hole for the return path);</li>
 *   <li>a non-zero suffix is ignored: RFC 6052 section 2.2 reserves the suffix for future extensions and says
 *       translators receiving non-zero suffix bits "SHOULD ignore the bits' value and proceed as if the bits' value
 *       were zero". Encoding always writes a zero suffix.</li>
 *   <li>with {@linkplain #globalIpv4Only() the global-only restriction} (on by default for the Well-Known Prefix
 *       64:ff9b::/96, RFC 6052 section 3.1), non-global IPv4 addresses ({@link Ipv4Scope}) map in neither
 *       direction, so the translator drops the packet as that section requires.</li>
 * </ul>
 */
public final class Rfc6052Mapper implements AddressMapper {
    /** The Well-Known Prefix 64:ff9b::/96 (RFC 6052 section 2.1). */
    public static final Ipv6Prefix WELL_KNOWN_PREFIX = Ipv6Prefix.parse("64:ff9b::/96");

    private final Ipv6Prefix prefix;
    private final boolean globalIpv4Only;
    private final long prefixHigh;
    private final long prefixLow;
    private final long matchMaskHigh;
    private final long matchMaskLow;
    /** Bits of the IPv4 address that sit in the high word before the u-octet (32, 24, 16, 8 or 0; 0 for /96). */
    private final int bitsInHigh;
    /** Bits of the IPv4 address that sit after the u-octet (0, 8, 16, 24 or 32; 0 for /96). */
    private final int bitsAfterU;

    /**
     * A mapper for {@code prefix}, with the global-only restriction on exactly when {@code prefix} is the Well-Known
     * Prefix.
     */
    public Rfc6052Mapper(Ipv6Prefix prefix) {
        this(prefix, prefix.equals(WELL_KNOWN_PREFIX));
    }

    /**
     * A mapper for {@code prefix}.
     *
     * @param prefix a prefix of length 32, 40, 48, 56, 64 or 96; a /96 must have bits 64..71 zero
     * @param globalIpv4Only whether non-global IPv4 addresses are refused in both directions
     * @throws IllegalArgumentException for any other length, or a /96 with a non-zero u-octet
     */
    public Rfc6052Mapper(Ipv6Prefix prefix, boolean globalIpv4Only) {
        int length = prefix.length();
        if (length != 32 && length != 40 && length != 48 && length != 56 && length != 64 && length != 96) {
            throw new IllegalArgumentException("RFC 6052 prefix " + prefix
                + " must have length 32, 40, 48, 56, 64 or 96 (RFC 6052 section 2.2)");
        }
        if (length == 96 && (prefix.low() >>> 56) != 0) {
            throw new IllegalArgumentException("RFC 6052 prefix " + prefix
                + " has bits 64..71 (the u-octet) set; RFC 6052 section 2.2 requires them to be zero");
        }
        this.prefix = prefix;
        this.globalIpv4Only = globalIpv4Only;
        this.prefixHigh = prefix.high();
        this.prefixLow = prefix.low();
        if (length == 96) {
            this.matchMaskHigh = -1L;
            this.matchMaskLow = Ipv6Prefix.lowMask(96);
            this.bitsInHigh = 0;
            this.bitsAfterU = 0;
        } else {
            this.matchMaskHigh = Ipv6Prefix.highMask(length);
            this.matchMaskLow = 0xff00_0000_0000_0000L; // the u-octet, which must be zero
            this.bitsInHigh = 64 - length;
            this.bitsAfterU = 32 - bitsInHigh;
        }
    }

    /** A mapper for the Well-Known Prefix 64:ff9b::/96, refusing non-global IPv4 addresses. */
    public static Rfc6052Mapper wellKnown() {
        return new Rfc6052Mapper(WELL_KNOWN_PREFIX, true);
    }

    /** The prefix. */
    public Ipv6Prefix prefix() {
        return prefix;
    }

    /** Whether non-global IPv4 addresses are refused (RFC 6052 section 3.1). */
    public boolean globalIpv4Only() {
        return globalIpv4Only;
    }

    /** Embeds {@code ipv4} under the prefix, with a zero u-octet and suffix. */
    @Override
    public boolean toIpv6(int ipv4, Ipv6Slot out) {
        if (globalIpv4Only && !Ipv4Scope.isGlobal(ipv4)) {
            return false;
        }
        long v4 = ipv4 & 0xffff_ffffL;
        if (bitsInHigh == 0 && bitsAfterU == 0) {
            out.set(prefixHigh, prefixLow | v4);
        } else {
            long high = prefixHigh | (v4 >>> bitsAfterU);
            long low = bitsAfterU == 0 ? 0L : (v4 & ((1L << bitsAfterU) - 1)) << (56 - bitsAfterU);
            out.set(high, low);
        }
        return true;
    }

    /**
     * Extracts the IPv4 address embedded in {@code high:low} (RFC 6052 section 2.3), or {@link #NO_MAPPING} if the
     * address is outside the prefix, has a non-zero u-octet, or (with the restriction) embeds a non-global address.
     */
    @Override
    public long toIpv4(long high, long low) {
        if ((high & matchMaskHigh) != prefixHigh || (low & matchMaskLow) != prefixLow) {
            return NO_MAPPING;
        }
        int ipv4;
        if (bitsInHigh == 0 && bitsAfterU == 0) {
            ipv4 = (int) low;
        } else {
            long fromHigh = bitsInHigh == 0 ? 0L : high & ((1L << bitsInHigh) - 1);
            long fromLow = bitsAfterU == 0 ? 0L : (low >>> (56 - bitsAfterU)) & ((1L << bitsAfterU) - 1);
            ipv4 = (int) ((fromHigh << bitsAfterU) | fromLow);
        }
        if (globalIpv4Only && !Ipv4Scope.isGlobal(ipv4)) {
            return NO_MAPPING;
        }
        return ipv4 & 0xffff_ffffL;
    }

    @Override
    public String toString() {
        return "Rfc6052Mapper[" + prefix + (globalIpv4Only ? ", global IPv4 only]" : "]");
    }
}
