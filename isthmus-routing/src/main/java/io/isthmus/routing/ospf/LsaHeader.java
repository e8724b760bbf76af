package io.isthmus.routing.ospf;

import java.nio.ByteBuffer;

/**
 * The header every LSA starts with (RFC 2328 appendix A.4.1), also carried alone in Database Description and Link
 * State Acknowledgment packets.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            LS age             |    Options    |    LS type    |
 * |                        Link State ID                          |
 * |                     Advertising Router                        |
 * |                     LS sequence number                        |
 * |         LS checksum           |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param age               seconds since origination, 0 to {@link #MAX_AGE}
 * @param options           the originator's options (E bit {@link #OPTION_E})
 * @param type              the LS type (1 router, 2 network, 3 and 4 summary, 5 AS-external, others kept opaque)
 * @param linkStateId       what the LSA describes, by type
 * @param advertisingRouter the originator's router id
 * @param sequence          the LS sequence number, a signed 32-bit number
 * @param checksum          the Fletcher checksum ({@link LsaChecksum})
 * @param length            the LSA's length with this header, at least 20
 */
public record LsaHeader(int age, int options, int type, int linkStateId, int advertisingRouter, int sequence,
                        int checksum, int length) {
    /** The header's length. */
    public static final int LENGTH = 20;
    /** MaxAge: an LSA this old is being flushed (RFC 2328 appendix B). */
    public static final int MAX_AGE = 3600;
    /** MaxAgeDiff: ages closer than this say nothing about which instance is newer. */
    public static final int MAX_AGE_DIFF = 900;
    /** The first sequence number of an LSA. */
    public static final int INITIAL_SEQUENCE = 0x80000001;
    /** The last sequence number before the LSA must be flushed and restarted. */
    public static final int MAX_SEQUENCE = 0x7fffffff;
    /** The E bit of the options: AS-external LSAs are flooded (not a stub area). */
    public static final int OPTION_E = 0x02;

    static final int AGE = 0;
    static final int OPTIONS = 2;
    static final int TYPE = 3;
    static final int LINK_STATE_ID = 4;
    static final int ADVERTISING_ROUTER = 8;
    static final int SEQUENCE = 12;
    static final int CHECKSUM = 16;
    static final int LSA_LENGTH = 18;

    /** Reads the 20 bytes at {@code offset}; the caller has checked they are there. */
    public static LsaHeader read(ByteBuffer buffer, int offset) {
        return new LsaHeader(Math.min(buffer.getShort(offset + AGE) & 0xffff, MAX_AGE),
            buffer.get(offset + OPTIONS) & 0xff, buffer.get(offset + TYPE) & 0xff,
            buffer.getInt(offset + LINK_STATE_ID), buffer.getInt(offset + ADVERTISING_ROUTER),
            buffer.getInt(offset + SEQUENCE), buffer.getShort(offset + CHECKSUM) & 0xffff,
            buffer.getShort(offset + LSA_LENGTH) & 0xffff);
    }

    /** Writes the 20 bytes at {@code offset}. */
    public void write(ByteBuffer buffer, int offset) {
        buffer.putShort(offset + AGE, (short) age);
        buffer.put(offset + OPTIONS, (byte) options);
        buffer.put(offset + TYPE, (byte) type);
        buffer.putInt(offset + LINK_STATE_ID, linkStateId);
        buffer.putInt(offset + ADVERTISING_ROUTER, advertisingRouter);
        buffer.putInt(offset + SEQUENCE, sequence);
        buffer.putShort(offset + CHECKSUM, (short) checksum);
        buffer.putShort(offset + LSA_LENGTH, (short) length);
    }

    /** What identifies the LSA in a database, whatever its instance. */
    public LsaKey key() {
        return new LsaKey(type, linkStateId, advertisingRouter);
    }

    /** This header with another age. */
    public LsaHeader withAge(int newAge) {
        return new LsaHeader(Math.min(newAge, MAX_AGE), options, type, linkStateId, advertisingRouter, sequence,
            checksum, length);
    }

    /** Whether this instance is being flushed. */
    public boolean isMaxAge() {
        return age >= MAX_AGE;
    }

    /**
     * Which instance of the same LSA is more recent (RFC 2328 section 13.1): positive when this one, negative when
     * {@code other}, 0 when they are the same instance.
     */
    public int compareRecency(LsaHeader other) {
        if (sequence != other.sequence) {
            return Integer.compare(sequence, other.sequence);
        }
        if (checksum != other.checksum) {
            return Integer.compare(checksum, other.checksum);
        }
        if (isMaxAge() != other.isMaxAge()) {
            return isMaxAge() ? 1 : -1;
        }
        if (Math.abs(age - other.age) > MAX_AGE_DIFF) {
            return age < other.age ? 1 : -1;
        }
        return 0;
    }
}
