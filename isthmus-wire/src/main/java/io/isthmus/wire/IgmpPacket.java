package io.isthmus.wire;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight view of an IGMP message (IP protocol 2): version 1 (RFC 1112 appendix I), version 2 (RFC 2236) and
 * version 3 (RFC 3376). The checksum covers the whole IGMP message (the rest of the IPv4 packet) and no
 * pseudo-header; the caller wraps the view on the IPv4 payload.
 *
 * <pre>
 * Version 1 and 2 messages (queries, reports, leave) and the common header:
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Type     | Max Resp Time |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Group Address                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Version 3 membership query (type 0x11, 12 bytes or more; RFC 3376 section 4.1):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Type = 0x11  | Max Resp Code |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Group Address                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Resv  |S| QRV |     QQIC      |     Number of Sources (N)     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Source Address [1..N]                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Version 3 membership report (type 0x22; RFC 3376 section 4.2):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Type = 0x22  |    Reserved   |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Reserved            |  Number of Group Records (M)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Group Record [1..M]                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Group record (RFC 3376 section 4.2.4):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Record Type  |  Aux Data Len |     Number of Sources (N)     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Multicast Address                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Source Address [1..N]                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              Auxiliary Data (Aux Data Len words)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>A query's version follows from its length (RFC 3376 section 7.1): 8 bytes is version 1 or 2 (max resp time 0
 * or not), 12 or more is version 3; 9 to 11 bytes is no valid query. The group records of a version 3 report are
 * read through their offsets in the view ({@link #firstRecord()}, {@link #nextRecord(int)}), which allocates
 * nothing. {@link #checkLength()} leaves the window as it is, so that {@link #verifyChecksum()} covers the whole
 * message.
 */
public final class IgmpPacket extends PacketView {
    /** Offset of the type. */
    public static final int TYPE = 0;
    /** Offset of the max resp time (v2), max resp code (v3 query), or reserved. */
    public static final int MAX_RESPONSE = 1;
    /** Offset of the checksum. */
    public static final int CHECKSUM = 2;
    /** Offset of the group address (queries, v1 and v2 reports, leave). */
    public static final int GROUP = 4;
    /** Offset of the number of group records of a v3 report. */
    public static final int RECORD_COUNT = 6;
    /** Offset of the Resv, S and QRV byte of a v3 query. */
    public static final int FLAGS = 8;
    /** Offset of the querier's query interval code of a v3 query. */
    public static final int QQIC = 9;
    /** Offset of the number of sources of a v3 query. */
    public static final int SOURCE_COUNT = 10;
    /** Offset of a v3 query's first source address. */
    public static final int QUERY_SOURCES = 12;
    /** Offset of a v3 report's first group record. */
    public static final int RECORDS = 8;
    /** Length of the header of a v1 or v2 message, and of the fixed part of any. */
    public static final int HEADER_LENGTH = 8;
    /** Length of a v3 query without sources. */
    public static final int V3_QUERY_LENGTH = 12;
    /** Length of a group record without sources and auxiliary data. */
    public static final int RECORD_HEADER_LENGTH = 8;

    /** Membership query, all versions. */
    public static final int MEMBERSHIP_QUERY = 0x11;
    /** Version 1 membership report (RFC 1112). */
    public static final int V1_MEMBERSHIP_REPORT = 0x12;
    /** Version 2 membership report (RFC 2236). */
    public static final int V2_MEMBERSHIP_REPORT = 0x16;
    /** Version 2 leave group (RFC 2236). */
    public static final int LEAVE_GROUP = 0x17;
    /** Version 3 membership report (RFC 3376). */
    public static final int V3_MEMBERSHIP_REPORT = 0x22;

    /** Group record types (RFC 3376 section 4.2.12): current state. */
    public static final int MODE_IS_INCLUDE = 1;
    public static final int MODE_IS_EXCLUDE = 2;
    /** Filter mode change records. */
    public static final int CHANGE_TO_INCLUDE_MODE = 3;
    public static final int CHANGE_TO_EXCLUDE_MODE = 4;
    /** Source list change records. */
    public static final int ALLOW_NEW_SOURCES = 5;
    public static final int BLOCK_OLD_SOURCES = 6;

    /** All systems on this subnet (RFC 1112): where general queries go. */
    public static final int ALL_SYSTEMS = 0xe000_0001;
    /** All IGMPv3-capable multicast routers (RFC 3376 section 4.2.14): where v3 reports go. */
    public static final int ALL_V3_ROUTERS = 0xe000_0016;
    /** All routers on this subnet (RFC 2236 section 3): where v2 leaves go. */
    public static final int ALL_ROUTERS = 0xe000_0002;

    /** Points this view at {@code length} bytes of {@code segment} from {@code offset}. */
    public IgmpPacket wrap(MemorySegment segment, long offset, int length) {
        set(segment, offset, length);
        return this;
    }

    /**
     * Checks that the window holds the message its type announces: the 8-byte header; for a query, exactly 8 bytes
     * or at least 12 with all its sources ({@link WireStatus#BAD_LENGTH} for 9 to 11, RFC 3376 section 7.1); for a
     * v3 report, every group record with its sources and auxiliary data. Other types need the 8-byte header only.
     */
    public WireStatus checkLength() {
        if (length < HEADER_LENGTH) {
            return WireStatus.TRUNCATED;
        }
        int type = type();
        if (type == MEMBERSHIP_QUERY && length > HEADER_LENGTH) {
            if (length < V3_QUERY_LENGTH) {
                return WireStatus.BAD_LENGTH;
            }
            return V3_QUERY_LENGTH + 4 * querySourceCount() <= length ? WireStatus.OK : WireStatus.TRUNCATED;
        }
        if (type == V3_MEMBERSHIP_REPORT) {
            int record = RECORDS;
            for (int i = recordCount(); i > 0; i--) {
                if (record + RECORD_HEADER_LENGTH > length) {
                    return WireStatus.TRUNCATED;
                }
                record = nextRecord(record);
                if (record > length) {
                    return WireStatus.TRUNCATED;
                }
            }
        }
        return WireStatus.OK;
    }

    /** The type. */
    public int type() {
        return u8(TYPE);
    }

    /** Writes the type. */
    public void setType(int value) {
        u8(TYPE, value);
    }

    /** Max resp time in tenths of a second (v2), max resp code (v3 query, RFC 3376 section 4.1.1), or 0. */
    public int maxResponse() {
        return u8(MAX_RESPONSE);
    }

    /** Writes the max resp time or code. */
    public void setMaxResponse(int value) {
        u8(MAX_RESPONSE, value);
    }

    /** The checksum as carried. */
    public int checksum() {
        return u16(CHECKSUM);
    }

    /** Writes the checksum field. */
    public void setChecksum(int value) {
        u16(CHECKSUM, value);
    }

    /** The group address of a query (0 in a general query), a v1 or v2 report or a leave. */
    public int group() {
        return u32(GROUP);
    }

    /** Writes the group address. */
    public void setGroup(int value) {
        u32(GROUP, value);
    }

    /** Whether this is a query of version 3 (longer than 8 bytes). */
    public boolean isV3Query() {
        return type() == MEMBERSHIP_QUERY && length > HEADER_LENGTH;
    }

    /** Of a v3 query: the S flag (suppress router-side processing). */
    public boolean suppressRouterProcessing() {
        return (u8(FLAGS) & 0x08) != 0;
    }

    /** Of a v3 query: the querier's robustness variable (0 when above 7). */
    public int robustness() {
        return u8(FLAGS) & 0x07;
    }

    /** Writes a v3 query's S flag and QRV, the reserved bits zero. */
    public void setSuppressAndRobustness(boolean suppress, int robustness) {
        u8(FLAGS, (suppress ? 0x08 : 0) | robustness & 0x07);
    }

    /** Of a v3 query: the querier's query interval code (RFC 3376 section 4.1.7). */
    public int queryIntervalCode() {
        return u8(QQIC);
    }

    /** Writes a v3 query's QQIC. */
    public void setQueryIntervalCode(int value) {
        u8(QQIC, value);
    }

    /** Of a v3 query: the number of source addresses. */
    public int querySourceCount() {
        return u16(SOURCE_COUNT);
    }

    /** Writes a v3 query's number of sources. */
    public void setQuerySourceCount(int value) {
        u16(SOURCE_COUNT, value);
    }

    /** Of a v3 query: source address {@code i} (from 0). */
    public int querySource(int i) {
        return u32(QUERY_SOURCES + 4 * i);
    }

    /** Writes a v3 query's source address {@code i}. */
    public void setQuerySource(int i, int value) {
        u32(QUERY_SOURCES + 4 * i, value);
    }

    /** Of a v3 report: the number of group records. */
    public int recordCount() {
        return u16(RECORD_COUNT);
    }

    /** Writes a v3 report's number of group records, the reserved fields zero. */
    public void setRecordCount(int value) {
        u8(MAX_RESPONSE, 0);
        u16(GROUP, 0);
        u16(RECORD_COUNT, value);
    }

    /** Of a v3 report: the offset of the first group record in the view. */
    public int firstRecord() {
        return RECORDS;
    }

    /** The offset of the group record after the one at {@code record}. */
    public int nextRecord(int record) {
        return record + RECORD_HEADER_LENGTH + 4 * recordSourceCount(record) + 4 * recordAuxiliaryWords(record);
    }

    /** The type of the group record at {@code record}. */
    public int recordType(int record) {
        return u8(record);
    }

    /** The auxiliary data length, in 32-bit words, of the group record at {@code record}. */
    public int recordAuxiliaryWords(int record) {
        return u8(record + 1);
    }

    /** The number of sources of the group record at {@code record}. */
    public int recordSourceCount(int record) {
        return u16(record + 2);
    }

    /** The multicast address of the group record at {@code record}. */
    public int recordGroup(int record) {
        return u32(record + 4);
    }

    /** Source {@code i} (from 0) of the group record at {@code record}. */
    public int recordSource(int record, int i) {
        return u32(record + RECORD_HEADER_LENGTH + 4 * i);
    }

    /** Auxiliary word {@code i} (from 0) of the group record at {@code record}. */
    public int recordAuxiliaryWord(int record, int i) {
        return u32(record + RECORD_HEADER_LENGTH + 4 * recordSourceCount(record) + 4 * i);
    }

    /** Writes the fixed part of a group record at {@code record}. */
    public void setRecord(int record, int type, int auxiliaryWords, int sourceCount, int group) {
        u8(record, type);
        u8(record + 1, auxiliaryWords);
        u16(record + 2, sourceCount);
        u32(record + 4, group);
    }

    /** Writes source {@code i} of the group record at {@code record} (its source count written already). */
    public void setRecordSource(int record, int i, int value) {
        u32(record + RECORD_HEADER_LENGTH + 4 * i, value);
    }

    /** Writes auxiliary word {@code i} of the group record at {@code record} (its source count written already). */
    public void setRecordAuxiliaryWord(int record, int i, int value) {
        u32(record + RECORD_HEADER_LENGTH + 4 * recordSourceCount(record) + 4 * i, value);
    }

    /** Whether the checksum over the whole window verifies. */
    public boolean verifyChecksum() {
        return checksumVerifies(0);
    }

    /** Computes and writes the checksum over the whole window. */
    public void fillChecksum() {
        u16(CHECKSUM, computeChecksum(CHECKSUM, 0));
    }
}
