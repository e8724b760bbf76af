package io.isthmus.agent.dataplane;

import io.isthmus.xlat.AddressMapper;
import io.isthmus.xlat.Ipv6Slot;
import io.isthmus.xlat.Translator;
import io.isthmus.xlat.TranslatorConfig;
import java.util.function.Function;

/**
 * The address mapper of the packet being translated: the pipeline sets, before each translation, the two IPv4
 * addresses of the packet and the substrate addresses that stand for them, so the translator maps exactly those
 * (and, for an ICMP error's quoted packet, the same two swapped) and nothing else. One instance per pipeline, reused
 * for every packet; allocation-free.
 */
final class FlowAddressMapper implements AddressMapper {
    private int ipv4A;
    private long highA;
    private long lowA;
    private int ipv4B;
    private long highB;
    private long lowB;

    /** Maps {@code a} to and from {@code aHigh:aLow}, and {@code b} to and from {@code bHigh:bLow}. */
    void set(int a, long aHigh, long aLow, int b, long bHigh, long bLow) {
        this.ipv4A = a;
        this.highA = aHigh;
        this.lowA = aLow;
        this.ipv4B = b;
        this.highB = bHigh;
        this.lowB = bLow;
    }

    /**
     * A translator that maps through this mapper, with the settings {@code config} gives for it; refuses settings
     * that put another mapper in its place.
     */
    Translator translator(Function<AddressMapper, TranslatorConfig> config) {
        TranslatorConfig settings = config.apply(this);
        if (settings.mapper() != this) {
            throw new IllegalArgumentException("the translator must use the pipeline's mapper");
        }
        return new Translator(settings);
    }

    @Override
    public boolean toIpv6(int ipv4, Ipv6Slot out) {
        if (ipv4 == ipv4A) {
            out.set(highA, lowA);
            return true;
        }
        if (ipv4 == ipv4B) {
            out.set(highB, lowB);
            return true;
        }
        return false;
    }

    @Override
    public long toIpv4(long high, long low) {
        if (high == highA && low == lowA) {
            return ipv4A & 0xffff_ffffL;
        }
        if (high == highB && low == lowB) {
            return ipv4B & 0xffff_ffffL;
        }
        return NO_MAPPING;
    }
}
