package io.isthmus.agent.router.snmp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A community-based SNMP message (RFC 1901 section 3, the SNMPv1 layout of RFC 1157 section 4): {@code SEQUENCE {
 * version INTEGER, community OCTET STRING, data PDU }}. Version 1 is SNMPv2c; this codec handles no other
 * ({@link BerError#UNSUPPORTED_VERSION}).
 */
public record SnmpMessage(int version, byte[] community, Pdu pdu) {
    /** The version field of SNMPv2c (RFC 1901 section 3). */
    public static final int VERSION_2C = 1;
    /** The version field of SNMPv1 (RFC 1157 section 4). */
    public static final int VERSION_1 = 0;

    public SnmpMessage {
        community = community.clone();
        Objects.requireNonNull(pdu);
    }

    /** An SNMPv2c message. */
    public static SnmpMessage v2c(byte[] community, Pdu pdu) {
        return new SnmpMessage(VERSION_2C, community, pdu);
    }

    @Override
    public byte[] community() {
        return community.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SnmpMessage other && version == other.version
            && Arrays.equals(community, other.community) && pdu.equals(other.pdu);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, Arrays.hashCode(community), pdu);
    }

    @Override
    public String toString() {
        return "SnmpMessage[version=" + version + ", community=" + HexFormat.of().formatHex(community) + ", pdu=" + pdu
            + "]";
    }
}
