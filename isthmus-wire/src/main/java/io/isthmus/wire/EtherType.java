package io.isthmus.wire;

/**
 * IEEE 802 EtherType values (the IEEE registry, RFC 7042 section 3) that Isthmus reads or writes. Any other value
 * of at least {@link #MIN_ETHER_TYPE} is a valid but opaque EtherType; smaller values are IEEE 802.3 length fields,
 * not EtherTypes.
 */
public final class EtherType {
    /** Internet Protocol version 4 (RFC 894). */
    public static final int IPV4 = 0x0800;
    /** Address Resolution Protocol (RFC 826). */
    public static final int ARP = 0x0806;
    /** Wake-on-LAN magic packet. */
    public static final int WAKE_ON_LAN = 0x0842;
    /** Reverse ARP (RFC 903). */
    public static final int RARP = 0x8035;
    /** IEEE 802.1Q customer VLAN tag (C-TAG) protocol identifier. */
    public static final int VLAN = 0x8100;
    /** Internet Protocol version 6 (RFC 8200, RFC 2464). */
    public static final int IPV6 = 0x86DD;
    /** IEEE 802.3 MAC control (pause frames). */
    public static final int MAC_CONTROL = 0x8808;
    /** IEEE 802.3 slow protocols (LACP, marker). */
    public static final int SLOW_PROTOCOLS = 0x8809;
    /** MPLS unicast (RFC 3032). */
    public static final int MPLS_UNICAST = 0x8847;
    /** MPLS multicast (RFC 5332). */
    public static final int MPLS_MULTICAST = 0x8848;
    /** IEEE 802.1X port access entity (EAPOL). */
    public static final int EAPOL = 0x888E;
    /** IEEE 802.1ad service VLAN tag (S-TAG, "QinQ") protocol identifier. */
    public static final int QINQ = 0x88A8;
    /** Link Layer Discovery Protocol (IEEE 802.1AB). */
    public static final int LLDP = 0x88CC;
    /** IEEE 802.1AE MAC security. */
    public static final int MACSEC = 0x88E5;
    /** Precision Time Protocol over Ethernet (IEEE 1588). */
    public static final int PTP = 0x88F7;

    /**
     * Smallest EtherType (IEEE 802.3 clause 3.2.6): a type/length field below this value is not an EtherType. Values
     * up to {@link #MAX_8023_LENGTH} are 802.3 length fields; 1501..1535 are undefined.
     */
    public static final int MIN_ETHER_TYPE = 0x0600;
    /** Largest IEEE 802.3 length field value (the basic frame's maximum data length). */
    public static final int MAX_8023_LENGTH = 1500;

    private EtherType() {
    }

    /** Whether a type/length field value is an EtherType (Ethernet II) rather than an 802.3 length. */
    public static boolean isEtherType(int typeOrLength) {
        return typeOrLength >= MIN_ETHER_TYPE && typeOrLength <= 0xffff;
    }

    /** Whether {@code etherType} is the protocol identifier of an 802.1Q or 802.1ad VLAN tag. */
    public static boolean isVlanTag(int etherType) {
        return etherType == VLAN || etherType == QINQ;
    }
}
