package io.isthmus.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Walks the options of a DHCP message (RFC 2132) without allocating: a cursor, reset per message, whose accessors
 * describe the current option. The option codes this project reads or writes are named here.
 *
 * <pre>
 *  Code   Len   Data                       Pad (0) and End (255) are a single octet each.
 * +-----+-----+-----+-----+---
 * |  c  |  n  |  d1 |  d2 | ... (n octets)
 * +-----+-----+-----+-----+---
 * </pre>
 *
 * <pre>{@code
 * options.reset(message);                // message: a DhcpMessage whose checkLength() returned OK
 * while (options.next()) {
 *     switch (options.code()) { case DhcpOptionsIterator.REQUESTED_ADDRESS -> ... options.dataU32(0) ... }
 * }
 * }</pre>
 *
 * <p>Areas are walked in the order RFC 2132 section 9.3 gives: the options field, then {@code file} if the option
 * overload (code 52) says it holds options, then {@code sname}. Each area must end with an end option; the walk
 * skips pad octets and stops at the end of the last area. {@link #next()} returns every other option, the overload
 * included, in order; a code repeated (RFC 3396 splits long options that way) is returned once per instance.
 *
 * <p>A malformed area stops the walk with {@link WireStatus#BAD_OPTION}: an option whose length octet or data runs
 * past the area, an area without an end option, an overload whose length is not 1 or value not 1..3, a second
 * overload, or an overload inside {@code file} or {@code sname} (it could only point at itself).
 * {@link DhcpMessage#checkLength()} walks every message once, so that a later walk of a checked message cannot fail.
 */
public final class DhcpOptionsIterator {
    /** Pad: one octet, aligns what follows. */
    public static final int PAD = 0;
    /** Subnet mask (RFC 2132 section 3.3), 4 octets. */
    public static final int SUBNET_MASK = 1;
    /** Routers on the client's subnet, in order of preference (section 3.5), 4n octets. */
    public static final int ROUTER = 3;
    /** Domain name servers, in order of preference (section 3.8), 4n octets. */
    public static final int DOMAIN_NAME_SERVER = 6;
    /** The client's host name (section 3.14). */
    public static final int HOST_NAME = 12;
    /** The client's DNS domain name (section 3.17). */
    public static final int DOMAIN_NAME = 15;
    /** MTU of the interface (section 5.1), 2 octets, at least 68. */
    public static final int INTERFACE_MTU = 26;
    /** Broadcast address of the client's subnet (section 5.3), 4 octets. */
    public static final int BROADCAST_ADDRESS = 28;
    /** The address a client asks for in DISCOVER or REQUEST (section 9.1), 4 octets. */
    public static final int REQUESTED_ADDRESS = 50;
    /** Lease time in seconds (section 9.2), 4 octets; 0xffffffff is infinite. */
    public static final int LEASE_TIME = 51;
    /** Option overload (section 9.3), 1 octet: 1 {@code file}, 2 {@code sname}, 3 both hold options. */
    public static final int OVERLOAD = 52;
    /** DHCP message type (section 9.6), 1 octet: {@link DhcpMessage#DISCOVER} .. {@link DhcpMessage#INFORM}. */
    public static final int MESSAGE_TYPE = 53;
    /** Server identifier (section 9.7), 4 octets: the address the server answers from. */
    public static final int SERVER_IDENTIFIER = 54;
    /** Parameter request list (section 9.8): the codes a client wants, in its order of preference. */
    public static final int PARAMETER_REQUEST_LIST = 55;
    /** A text message, for example why a server sent NAK (section 9.9). */
    public static final int MESSAGE = 56;
    /** Maximum DHCP message size the client accepts (section 9.10), 2 octets, at least 576. */
    public static final int MAX_MESSAGE_SIZE = 57;
    /** Renewal (T1) time in seconds (section 9.11), 4 octets. */
    public static final int RENEWAL_TIME = 58;
    /** Rebinding (T2) time in seconds (section 9.12), 4 octets. */
    public static final int REBINDING_TIME = 59;
    /** Vendor class identifier (section 9.13). */
    public static final int VENDOR_CLASS = 60;
    /** Client identifier (section 9.14): a type octet then, for type 1, a hardware address. */
    public static final int CLIENT_IDENTIFIER = 61;
    /** End: the last option of an area; what follows is padding. */
    public static final int END = 255;

    /** Overload bit: {@code file} holds options. */
    public static final int OVERLOAD_FILE = 1;
    /** Overload bit: {@code sname} holds options. */
    public static final int OVERLOAD_SERVER_NAME = 2;

    private static final int AREA_OPTIONS = 0;
    private static final int AREA_FILE = 1;
    private static final int AREA_SERVER_NAME = 2;
    private static final int AREA_NONE = 3;

    private MemorySegment segment = MemorySegment.NULL;
    private long base;
    private int area;
    private int position;
    private int areaEnd;
    private int overload;
    private int optionOffset;
    private int code;
    private int dataLength;
    private WireStatus status = WireStatus.OK;

    /**
     * Starts walking the options of {@code message}, whose window must hold at least
     * {@link DhcpMessage#MIN_LENGTH} bytes (as after its {@code checkLength()}). Offsets are then relative to the
     * start of the message.
     */
    public DhcpOptionsIterator reset(DhcpMessage message) {
        return reset(message.segment(), message.offset(), message.length());
    }

    /**
     * Starts walking the options of the message of {@code length} bytes at {@code offset} in {@code segment}; the
     * caller guarantees the window lies in the segment and holds at least {@link DhcpMessage#MIN_LENGTH} bytes.
     */
    public DhcpOptionsIterator reset(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.base = offset;
        this.area = AREA_OPTIONS;
        this.position = DhcpMessage.OPTIONS;
        this.areaEnd = length;
        this.overload = 0;
        this.optionOffset = DhcpMessage.OPTIONS;
        this.code = -1;
        this.dataLength = 0;
        this.status = length >= DhcpMessage.MIN_LENGTH ? WireStatus.OK : WireStatus.TRUNCATED;
        return this;
    }

    /**
     * Moves to the next option other than pad and end; false after the last area's end option, or at a malformed
     * area (then {@link #status()} says {@link WireStatus#BAD_OPTION} and {@link #optionOffset()} points at the
     * offending option, or at the end of the area that has no end option).
     */
    public boolean next() {
        while (status == WireStatus.OK && area != AREA_NONE) {
            if (position >= areaEnd) {
                optionOffset = areaEnd;
                status = WireStatus.BAD_OPTION;
                return false;
            }
            int at = position;
            int c = u8(at);
            if (c == PAD) {
                position++;
                continue;
            }
            if (c == END) {
                nextArea();
                continue;
            }
            optionOffset = at;
            if (areaEnd - at < 2 || areaEnd - at - 2 < u8(at + 1)) {
                status = WireStatus.BAD_OPTION;
                return false;
            }
            int n = u8(at + 1);
            if (c == OVERLOAD) {
                int value = n == 1 ? u8(at + 2) : 0;
                if (area != AREA_OPTIONS || overload != 0 || value < 1 || value > 3) {
                    status = WireStatus.BAD_OPTION;
                    return false;
                }
                overload = value;
            }
            code = c;
            dataLength = n;
            position = at + 2 + n;
            return true;
        }
        return false;
    }

    /** Walks on to the first option with {@code code}, from the current one (exclusive); false if none is left. */
    public boolean find(int code) {
        while (next()) {
            if (this.code == code) {
                return true;
            }
        }
        return false;
    }

    private void nextArea() {
        if (area == AREA_OPTIONS && (overload & OVERLOAD_FILE) != 0) {
            area = AREA_FILE;
            position = DhcpMessage.BOOT_FILE;
            areaEnd = DhcpMessage.BOOT_FILE + DhcpMessage.BOOT_FILE_LENGTH;
        } else if (area != AREA_SERVER_NAME && (overload & OVERLOAD_SERVER_NAME) != 0) {
            area = AREA_SERVER_NAME;
            position = DhcpMessage.SERVER_NAME;
            areaEnd = DhcpMessage.SERVER_NAME + DhcpMessage.SERVER_NAME_LENGTH;
        } else {
            area = AREA_NONE;
        }
    }

    /**
     * {@link WireStatus#OK}, or {@link WireStatus#BAD_OPTION} once {@link #next()} met an area it cannot cross
     * ({@link WireStatus#TRUNCATED} if the window was shorter than a message header).
     */
    public WireStatus status() {
        return status;
    }

    /** The option overload seen so far: 0, or {@link #OVERLOAD_FILE} and/or {@link #OVERLOAD_SERVER_NAME}. */
    public int overload() {
        return overload;
    }

    /** The current option's code. */
    public int code() {
        return code;
    }

    /** Offset of the current option's code octet, relative to the message. */
    public int optionOffset() {
        return optionOffset;
    }

    /** Offset of the current option's data, relative to the message. */
    public int dataOffset() {
        return optionOffset + 2;
    }

    /** Length of the current option's data in octets. */
    public int dataLength() {
        return dataLength;
    }

    /** Whether the current option lies in {@code file} or {@code sname} rather than in the options field. */
    public boolean inOverloadedField() {
        return area == AREA_FILE || area == AREA_SERVER_NAME;
    }

    /** Octet {@code index} of the current option's data; {@code index} must be below {@link #dataLength()}. */
    public int dataU8(int index) {
        checkIndex(index, 1);
        return u8(dataOffset() + index);
    }

    /** Big-endian 16 bits at {@code index} of the current option's data (an MTU, a maximum message size). */
    public int dataU16(int index) {
        checkIndex(index, 2);
        return segment.get(PacketView.U16, base + dataOffset() + index) & 0xffff;
    }

    /** Big-endian 32 bits at {@code index} of the current option's data (an address, a time). */
    public int dataU32(int index) {
        checkIndex(index, 4);
        return segment.get(PacketView.U32, base + dataOffset() + index);
    }

    private void checkIndex(int index, int size) {
        if (index < 0 || index > dataLength - size) {
            throw new IndexOutOfBoundsException("option data index " + index + " size " + size + " beyond "
                + dataLength);
        }
    }

    private int u8(int at) {
        return segment.get(ValueLayout.JAVA_BYTE, base + at) & 0xff;
    }
}
