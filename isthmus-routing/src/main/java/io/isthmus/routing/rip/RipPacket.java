package io.isthmus.routing.rip;

import java.nio.ByteBuffer;

/**
 * A view of a RIPv2 message (the UDP payload) in a {@link ByteBuffer}: the header and its 20-byte entries, each a
 * route entry or, first, an authentication entry (RFC 2453 sections 4 and 4.1, RFC 2082 section 3.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+-------------------------------+
 * |  command (1)  |  version (1)  |       must be zero (2)        |
 * +---------------+---------------+-------------------------------+
 * | Address Family Identifier (2) |        Route Tag (2)          |   entry 0
 * +-------------------------------+-------------------------------+
 * |                         IP Address (4)                        |
 * |                         Subnet Mask (4)                       |
 * |                         Next Hop (4)                          |
 * |                         Metric (4)                            |
 * +---------------------------------------------------------------+
 * |                 ... up to 25 entries in all                   |
 *
 * authentication entry (AFI 0xFFFF in entry 0):
 * |            0xFFFF             |   Authentication Type (2)     |
 * | type 2, simple password:  16 bytes of password, zero padded   |
 * | type 3, keyed MD5:  Packet Length (2) | Key ID (1) | Auth Data Len (1)
 * |                     Sequence Number (4) | zero (8)            |
 * keyed-MD5 trailer at Packet Length: 0xFFFF | 0x0001 | digest (16)
 * </pre>
 *
 * <p>After {@link #wrap} the caller checks {@link #checkLength()}; from then on the header and every entry below
 * {@link #entryCount()} can be read without failing. Setters write into the buffer for the codec.
 */
public final class RipPacket {
    /** The header's length. */
    public static final int HEADER_LENGTH = 4;
    /** An entry's length. */
    public static final int ENTRY_LENGTH = 20;
    /** The most entries a message holds (RFC 2453 section 3.6: 512-byte datagrams). */
    public static final int MAX_ENTRIES = 25;
    /** The longest message. */
    public static final int MAX_LENGTH = HEADER_LENGTH + MAX_ENTRIES * ENTRY_LENGTH;
    /** Command: request. */
    public static final int REQUEST = 1;
    /** Command: response. */
    public static final int RESPONSE = 2;
    /** The version spoken. */
    public static final int VERSION_2 = 2;
    /** The address family of IPv4 entries. */
    public static final int AFI_IPV4 = 2;
    /** The address family that marks an authentication entry. */
    public static final int AFI_AUTHENTICATION = 0xffff;
    /** Authentication type: simple password (RFC 2453 section 4.1). */
    public static final int AUTH_PASSWORD = 2;
    /** Authentication type: keyed MD5 (RFC 2082, RFC 4822). */
    public static final int AUTH_KEYED_MD5 = 3;
    /** The trailer's type after its 0xFFFF marker (RFC 2082 section 3.1). */
    public static final int TRAILER_TYPE = 1;
    /** The trailer's length: marker, type and a 16-byte digest. */
    public static final int TRAILER_LENGTH = 20;
    /** The length of a password or an MD5 key. */
    public static final int KEY_LENGTH = 16;
    /** The metric of an unreachable destination. */
    public static final int INFINITY = 16;

    static final int COMMAND = 0;
    static final int VERSION = 1;
    static final int ENTRY_AFI = 0;
    static final int ENTRY_TAG = 2;
    static final int ENTRY_ADDRESS = 4;
    static final int ENTRY_MASK = 8;
    static final int ENTRY_NEXT_HOP = 12;
    static final int ENTRY_METRIC = 16;
    static final int AUTH_TYPE = 2;
    static final int AUTH_DATA = 4;
    static final int MD5_PACKET_LENGTH = 4;
    static final int MD5_KEY_ID = 6;
    static final int MD5_DATA_LENGTH = 7;
    static final int MD5_SEQUENCE = 8;

    private ByteBuffer buffer;
    private int offset;
    private int length;

    /** Views {@code length} bytes of {@code buffer} from the absolute index {@code offset}. */
    public RipPacket wrap(ByteBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Views {@code buffer} from its position to its limit. */
    public RipPacket wrap(ByteBuffer buffer) {
        return wrap(buffer, buffer.position(), buffer.remaining());
    }

    /** {@link RipError#TRUNCATED} unless the header and a whole number of entries are there, or null. */
    public RipError checkLength() {
        if (length < HEADER_LENGTH || (length - HEADER_LENGTH) % ENTRY_LENGTH != 0) {
            return RipError.TRUNCATED;
        }
        return length > MAX_LENGTH ? RipError.TOO_LONG : null;
    }

    /** The viewed length. */
    public int length() {
        return length;
    }

    /** The number of 20-byte entries after the header (an MD5 trailer counts as one). */
    public int entryCount() {
        return (length - HEADER_LENGTH) / ENTRY_LENGTH;
    }

    /** The command. */
    public int command() {
        return buffer.get(offset + COMMAND) & 0xff;
    }

    /** The version. */
    public int version() {
        return buffer.get(offset + VERSION) & 0xff;
    }

    /** Entry {@code i}'s address family. */
    public int addressFamily(int i) {
        return buffer.getShort(entry(i) + ENTRY_AFI) & 0xffff;
    }

    /** Entry {@code i}'s route tag. */
    public int routeTag(int i) {
        return buffer.getShort(entry(i) + ENTRY_TAG) & 0xffff;
    }

    /** Entry {@code i}'s IP address. */
    public int address(int i) {
        return buffer.getInt(entry(i) + ENTRY_ADDRESS);
    }

    /** Entry {@code i}'s subnet mask. */
    public int mask(int i) {
        return buffer.getInt(entry(i) + ENTRY_MASK);
    }

    /** Entry {@code i}'s next hop. */
    public int nextHop(int i) {
        return buffer.getInt(entry(i) + ENTRY_NEXT_HOP);
    }

    /** Entry {@code i}'s metric, unsigned. */
    public long metric(int i) {
        return buffer.getInt(entry(i) + ENTRY_METRIC) & 0xffffffffL;
    }

    /** The authentication type of entry 0, meaningful when its address family is 0xFFFF. */
    public int authenticationType() {
        return buffer.getShort(entry(0) + AUTH_TYPE) & 0xffff;
    }

    /** Byte {@code i} (0..15) of entry 0's authentication data (the simple password). */
    public byte authenticationData(int i) {
        return buffer.get(entry(0) + AUTH_DATA + i);
    }

    /** Keyed MD5: the offset of the trailer, the length of the message the digest protects. */
    public int md5PacketLength() {
        return buffer.getShort(entry(0) + MD5_PACKET_LENGTH) & 0xffff;
    }

    /** Keyed MD5: the key id. */
    public int md5KeyId() {
        return buffer.get(entry(0) + MD5_KEY_ID) & 0xff;
    }

    /** Keyed MD5: the authentication data length (16, or 20 as BIRD and FRR write it: trailer header included). */
    public int md5DataLength() {
        return buffer.get(entry(0) + MD5_DATA_LENGTH) & 0xff;
    }

    /** Keyed MD5: the sequence number, unsigned. */
    public long md5Sequence() {
        return buffer.getInt(entry(0) + MD5_SEQUENCE) & 0xffffffffL;
    }

    /** Sets the command and version 2 and clears the must-be-zero field. */
    public void setHeader(int command) {
        buffer.put(offset + COMMAND, (byte) command);
        buffer.put(offset + VERSION, (byte) VERSION_2);
        buffer.putShort(offset + 2, (short) 0);
    }

    /** Writes entry {@code i}. */
    public void setEntry(int i, int addressFamily, int routeTag, int address, int mask, int nextHop, int metric) {
        int at = entry(i);
        buffer.putShort(at + ENTRY_AFI, (short) addressFamily);
        buffer.putShort(at + ENTRY_TAG, (short) routeTag);
        buffer.putInt(at + ENTRY_ADDRESS, address);
        buffer.putInt(at + ENTRY_MASK, mask);
        buffer.putInt(at + ENTRY_NEXT_HOP, nextHop);
        buffer.putInt(at + ENTRY_METRIC, metric);
    }

    /** Writes a simple-password entry 0 with {@code password} (16 bytes). */
    public void setPassword(byte[] password) {
        int at = entry(0);
        buffer.putShort(at + ENTRY_AFI, (short) AFI_AUTHENTICATION);
        buffer.putShort(at + AUTH_TYPE, (short) AUTH_PASSWORD);
        buffer.put(at + AUTH_DATA, password, 0, KEY_LENGTH);
    }

    /** Writes a keyed-MD5 entry 0. */
    public void setMd5(int packetLength, int keyId, int dataLength, long sequence) {
        int at = entry(0);
        buffer.putShort(at + ENTRY_AFI, (short) AFI_AUTHENTICATION);
        buffer.putShort(at + AUTH_TYPE, (short) AUTH_KEYED_MD5);
        buffer.putShort(at + MD5_PACKET_LENGTH, (short) packetLength);
        buffer.put(at + MD5_KEY_ID, (byte) keyId);
        buffer.put(at + MD5_DATA_LENGTH, (byte) dataLength);
        buffer.putInt(at + MD5_SEQUENCE, (int) sequence);
        buffer.putLong(at + MD5_SEQUENCE + 4, 0L);
    }

    private int entry(int i) {
        return offset + HEADER_LENGTH + i * ENTRY_LENGTH;
    }
}
