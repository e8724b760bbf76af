package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of an ARP packet (RFC 826) for IPv4 over Ethernet: hardware type 1, protocol type
 * {@code 0x0800}, six-byte hardware and four-byte protocol addresses, 28 bytes in all. Other hardware or protocol
 * types are rejected by {@link #checkLength()}; the operation is read as a raw value (RFC 5494 registry), so the
 * caller decides what to do with anything but {@link #REQUEST} and {@link #REPLY}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Hardware type (HTYPE)     |     Protocol type (PTYPE)     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | HW length (6) |Proto length(4)|      Operation (OPER)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Sender hardware address (SHA), octets 0-3           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        SHA, octets 4-5        | Sender protocol address (SPA) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        SPA, octets 2-3        | Target hardware address (THA) |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        THA, octets 2-5                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Target protocol address (TPA)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Hardware addresses are longs as {@link MacAddress} describes; protocol addresses are ints as
 * {@link Ipv4Address} describes.
 */
public final class ArpPacket extends PacketView {
    public static final int HARDWARE_TYPE = 0;
    public static final int PROTOCOL_TYPE = 2;
    public static final int HARDWARE_LENGTH = 4;
    public static final int PROTOCOL_LENGTH = 5;
    public static final int OPERATION = 6;
    public static final int SENDER_HARDWARE_ADDRESS = 8;
    public static final int SENDER_PROTOCOL_ADDRESS = 14;
    public static final int TARGET_HARDWARE_ADDRESS = 18;
    public static final int TARGET_PROTOCOL_ADDRESS = 24;
    /** Length of an ARP packet for IPv4 over Ethernet. */
    public static final int LENGTH = 28;

    /** Hardware type of Ethernet (IANA ARP parameters). */
    public static final int HARDWARE_ETHERNET = 1;
    /** Operation code of a request. */
    public static final int REQUEST = 1;
    /** Operation code of a reply. */
    public static final int REPLY = 2;

    /** HTYPE and PTYPE of IPv4 over Ethernet, as one 32-bit word. */
    static final int ETHERNET_IPV4_TYPES = (HARDWARE_ETHERNET << 16) | EtherType.IPV4;
    /** HLEN and PLEN of IPv4 over Ethernet, as one 16-bit word. */
    static final int ETHERNET_IPV4_LENGTHS = (MacAddress.LENGTH << 8) | 4;

    /** Points this view at {@code length} bytes of {@code segment} from {@code offset}. */
    public ArpPacket wrap(MemorySegment segment, long offset, int length) {
        set(segment, offset, length);
        return this;
    }

    /**
     * Checks that the window holds 28 bytes and that the packet is ARP for IPv4 over Ethernet:
     * {@link WireStatus#BAD_FIELD} for any other hardware type, protocol type, hardware length or protocol length.
     * On {@link WireStatus#OK} the window is shortened to {@link #LENGTH} (Ethernet padding is dropped).
     */
    public WireStatus checkLength() {
        if (length < LENGTH) {
            return WireStatus.TRUNCATED;
        }
        if (hardwareType() != HARDWARE_ETHERNET || protocolType() != EtherType.IPV4
            || hardwareLength() != MacAddress.LENGTH || protocolLength() != 4) {
            return WireStatus.BAD_FIELD;
        }
        truncate(LENGTH);
        return WireStatus.OK;
    }

    /** The hardware address space (1 for Ethernet). */
    public int hardwareType() {
        return u16(HARDWARE_TYPE);
    }

    /** Writes the hardware type. */
    public void setHardwareType(int value) {
        u16(HARDWARE_TYPE, value);
    }

    /** The protocol address space, as an EtherType ({@code 0x0800} for IPv4). */
    public int protocolType() {
        return u16(PROTOCOL_TYPE);
    }

    /** Writes the protocol type. */
    public void setProtocolType(int value) {
        u16(PROTOCOL_TYPE, value);
    }

    /** Length of a hardware address in bytes. */
    public int hardwareLength() {
        return u8(HARDWARE_LENGTH);
    }

    /** Writes the hardware address length. */
    public void setHardwareLength(int value) {
        u8(HARDWARE_LENGTH, value);
    }

    /** Length of a protocol address in bytes. */
    public int protocolLength() {
        return u8(PROTOCOL_LENGTH);
    }

    /** Writes the protocol address length. */
    public void setProtocolLength(int value) {
        u8(PROTOCOL_LENGTH, value);
    }

    /** Writes the four fields that make this ARP for IPv4 over Ethernet (types 1 and 0x0800, lengths 6 and 4). */
    public void setEthernetIpv4() {
        u32(HARDWARE_TYPE, ETHERNET_IPV4_TYPES);
        u16(HARDWARE_LENGTH, ETHERNET_IPV4_LENGTHS);
    }

    /** The operation code: {@link #REQUEST}, {@link #REPLY}, or another value of the RFC 5494 registry. */
    public int operation() {
        return u16(OPERATION);
    }

    /** Writes the operation code. */
    public void setOperation(int value) {
        u16(OPERATION, value);
    }

    /** Whether the operation is {@link #REQUEST}. */
    public boolean isRequest() {
        return u16(OPERATION) == REQUEST;
    }

    /** Whether the operation is {@link #REPLY}. */
    public boolean isReply() {
        return u16(OPERATION) == REPLY;
    }

    /** The sender hardware address (SHA). */
    public long senderHardwareAddress() {
        return mac(SENDER_HARDWARE_ADDRESS);
    }

    /** Writes the sender hardware address (its low 48 bits). */
    public void setSenderHardwareAddress(long address) {
        mac(SENDER_HARDWARE_ADDRESS, address);
    }

    /** The sender protocol address (SPA). */
    public int senderProtocolAddress() {
        return u32(SENDER_PROTOCOL_ADDRESS);
    }

    /** Writes the sender protocol address. */
    public void setSenderProtocolAddress(int address) {
        u32(SENDER_PROTOCOL_ADDRESS, address);
    }

    /** The target hardware address (THA); zero or ignored in a request. */
    public long targetHardwareAddress() {
        return mac(TARGET_HARDWARE_ADDRESS);
    }

    /** Writes the target hardware address (its low 48 bits). */
    public void setTargetHardwareAddress(long address) {
        mac(TARGET_HARDWARE_ADDRESS, address);
    }

    /** The target protocol address (TPA). */
    public int targetProtocolAddress() {
        return u32(TARGET_PROTOCOL_ADDRESS);
    }

    /** Writes the target protocol address. */
    public void setTargetProtocolAddress(int address) {
        u32(TARGET_PROTOCOL_ADDRESS, address);
    }

    /** Whether this is an ARP probe: sender protocol address 0.0.0.0 (RFC 5227 section 2.1.1). */
    public boolean isProbe() {
        return u32(SENDER_PROTOCOL_ADDRESS) == 0;
    }

    /**
     * Whether this is a gratuitous ARP or an ARP announcement: sender and target protocol addresses are equal (RFC 5227
     * section 3).
     */
    public boolean isGratuitous() {
        return u32(SENDER_PROTOCOL_ADDRESS) == u32(TARGET_PROTOCOL_ADDRESS);
    }

    /**
     * Turns this request into the reply that answers it, in place (RFC 826, "Packet Reception"): the sender fields
     * move to the target fields, {@code hardwareAddress} and the requested protocol address become the sender, and
     * the operation becomes {@link #REPLY}. The caller checks first that this is a request for an address it owns;
     * the Ethernet header is turned around separately with {@link EthernetFrame#turnAround}.
     */
    public void turnIntoReply(long hardwareAddress) {
        long requesterHardware = mac(SENDER_HARDWARE_ADDRESS);
        int requesterProtocol = u32(SENDER_PROTOCOL_ADDRESS);
        int requested = u32(TARGET_PROTOCOL_ADDRESS);
        u16(OPERATION, REPLY);
        mac(TARGET_HARDWARE_ADDRESS, requesterHardware);
        u32(TARGET_PROTOCOL_ADDRESS, requesterProtocol);
        mac(SENDER_HARDWARE_ADDRESS, hardwareAddress);
        u32(SENDER_PROTOCOL_ADDRESS, requested);
    }

    private long mac(int at) {
        return ((long) u16(at) << 32) | (u32(at + 2) & 0xffff_ffffL);
    }

    private void mac(int at, long address) {
        u16(at, (int) (address >>> 32));
        u32(at + 2, (int) address);
    }
}
