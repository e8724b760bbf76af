package io.isthmus.xlat.mapping;

import io.isthmus.wire.Ipv6Prefix;
import io.isthmus.xlat.Ipv6Slot;

/**
 * The overlay embedding of DESIGN.md ("Addressing: overlay without encapsulation"): a node's substrate address is
 *
 * <pre>
 * |&lt;------ P bits -----&gt;|&lt;-- 96 - P bits --&gt;|&lt;--- 32 bits ---&gt;|
 * +---------------------+--------------------+-----------------+
 * |    agent prefix     |     network id     |  node IPv4      |
 * +---------------------+--------------------+-----------------+
 * </pre>
 *
 * <p>P is the agent prefix length, 64..88, default 72 (a 24-bit network id); a /64 agent prefix carries a 32-bit
 * network id. P below 64 would give more than 32 network-id bits, which no int holds and no network-id allocator
 * needs; P above 88 would leave fewer than 8 bits, i.e. fewer than 256 networks. Because P is at least 64, the
 * network id and the IPv4 address always lie in the low 64 bits: {@code low = agentLow | networkId << 32 | ipv4}.
 *
 * <p>Network ids are unsigned: a 32-bit id above {@code 0x7fffffff} is a negative int. Every method but the
 * constructor is allocation-free and never throws. The same layout carries the reserved multicast and broadcast
 * addresses ({@code agent prefix | network id | group address}).
 */
public final class OverlayAddressing {
    /** The default agent prefix length. */
    public static final int DEFAULT_AGENT_PREFIX_LENGTH = 72;
    /** Smallest accepted agent prefix length (32 network-id bits). */
    public static final int MIN_AGENT_PREFIX_LENGTH = 64;
    /** Largest accepted agent prefix length (8 network-id bits). */
    public static final int MAX_AGENT_PREFIX_LENGTH = 88;

    private static final OverlayAddressing DEFAULT = new OverlayAddressing(DEFAULT_AGENT_PREFIX_LENGTH);

    private final int agentPrefixLength;
    private final int networkIdBits;
    /** Mask of the agent prefix bits within the low word (the top P - 64 bits). */
    private final long agentMaskLow;
    /** Mask of a network id, unsigned, in the low bits of a long. */
    private final long networkIdMask;

    /**
     * The layout for agent prefixes of {@code agentPrefixLength} bits.
     *
     * @throws IllegalArgumentException unless 64 &lt;= agentPrefixLength &lt;= 88
     */
    public OverlayAddressing(int agentPrefixLength) {
        if (agentPrefixLength < MIN_AGENT_PREFIX_LENGTH || agentPrefixLength > MAX_AGENT_PREFIX_LENGTH) {
            throw new IllegalArgumentException("agent prefix length /" + agentPrefixLength + " leaves "
                + (96 - agentPrefixLength) + " network-id bits; it must be /" + MIN_AGENT_PREFIX_LENGTH + " to /"
                + MAX_AGENT_PREFIX_LENGTH + " (8 to 32 network-id bits)");
        }
        this.agentPrefixLength = agentPrefixLength;
        this.networkIdBits = 96 - agentPrefixLength;
        this.agentMaskLow = Ipv6Prefix.lowMask(agentPrefixLength);
        this.networkIdMask = (1L << networkIdBits) - 1;
    }

    /** The default layout: /72 agent prefixes, 24-bit network ids. */
    public static OverlayAddressing defaults() {
        return DEFAULT;
    }

    /** P, the agent prefix length. */
    public int agentPrefixLength() {
        return agentPrefixLength;
    }

    /** 96 - P, the width of a network id. */
    public int networkIdBits() {
        return networkIdBits;
    }

    /** The largest network id, as an unsigned value in a long. */
    public long maxNetworkId() {
        return networkIdMask;
    }

    /** Whether {@code networkId} (unsigned) fits in {@link #networkIdBits()} bits. */
    public boolean isValidNetworkId(int networkId) {
        return ((networkId & 0xffff_ffffL) & ~networkIdMask) == 0;
    }

    /**
     * Checks a configured network id; for the control plane.
     *
     * @throws IllegalArgumentException if it does not fit
     */
    public int checkNetworkId(long networkId) {
        if (networkId < 0 || networkId > networkIdMask) {
            throw new IllegalArgumentException("network id " + networkId + " does not fit in " + networkIdBits
                + " bits (agent prefixes are /" + agentPrefixLength + "); the largest is " + networkIdMask);
        }
        return (int) networkId;
    }

    /**
     * Checks a configured agent prefix; for the control plane.
     *
     * @throws IllegalArgumentException if its length is not P
     */
    public Ipv6Prefix checkAgentPrefix(Ipv6Prefix agentPrefix) {
        if (agentPrefix.length() != agentPrefixLength) {
            throw new IllegalArgumentException("agent prefix " + agentPrefix + " must be a /" + agentPrefixLength
                + " in this deployment");
        }
        return agentPrefix;
    }

    /**
     * Writes {@code agent prefix | networkId | ipv4} into {@code out}. Returns false (leaving {@code out} unchanged)
     * if the network id does not fit or the agent prefix has bits set beyond P.
     */
    public boolean compose(long agentPrefixHigh, long agentPrefixLow, int networkId, int ipv4, Ipv6Slot out) {
        if ((agentPrefixLow & ~agentMaskLow) != 0 || !isValidNetworkId(networkId)) {
            return false;
        }
        out.set(agentPrefixHigh, agentPrefixLow | ((networkId & 0xffff_ffffL) << 32) | (ipv4 & 0xffff_ffffL));
        return true;
    }

    /** The network id (unsigned, {@link #networkIdBits()} wide) of the substrate address {@code high:low}. */
    public int networkId(long high, long low) {
        return (int) ((low >>> 32) & networkIdMask);
    }

    /** The node IPv4 address in the substrate address {@code high:low}. */
    public int ipv4(long high, long low) {
        return (int) low;
    }

    /** The first 64 bits of the agent prefix of {@code high:low} (the whole high word, since P &gt;= 64). */
    public long agentPrefixHigh(long high, long low) {
        return high;
    }

    /** The last 64 bits of the agent prefix of {@code high:low}: its top P - 64 bits, the rest zero. */
    public long agentPrefixLow(long high, long low) {
        return low & agentMaskLow;
    }

    /** Whether {@code high:low} lies under the agent prefix {@code agentPrefixHigh:agentPrefixLow}. */
    public boolean hasAgentPrefix(long high, long low, long agentPrefixHigh, long agentPrefixLow) {
        return high == agentPrefixHigh && (low & agentMaskLow) == agentPrefixLow;
    }

    @Override
    public String toString() {
        return "OverlayAddressing[agent /" + agentPrefixLength + ", network id " + networkIdBits + " bits]";
    }
}
