package io.isthmus.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Value of an IGMP message (RFC 1112, RFC 2236, RFC 3376): one record per message kind, and {@link Other} for a type
 * none models (kept raw, not an error; RFC 3376 section 4 says unrecognised types are ignored). {@code parse}
 * verifies the checksum; {@code emit} writes the whole message and its checksum. Fields a record does not hold (the
 * max resp time of a v1 or v2 report or leave, reserved fields) are ignored on parse and written as zero.
 */
public sealed interface IgmpRepr {

    /** Length of the message {@link #emit} writes. */
    int bufferLength();

    /** Writes the message and its checksum into {@code view}, whose window must hold {@link #bufferLength()} bytes. */
    void emit(IgmpPacket view);

    /**
     * Reads {@code view} after checking it.
     *
     * @throws MalformedPacketException with the status {@link IgmpPacket#checkLength()} gives, or
     *     {@link WireStatus#BAD_CHECKSUM} when the checksum does not verify
     */
    static IgmpRepr parse(IgmpPacket view) {
        MalformedPacketException.requireOk(view.checkLength(), "IGMP message");
        if (!view.verifyChecksum()) {
            throw new MalformedPacketException(WireStatus.BAD_CHECKSUM, "IGMP message");
        }
        return switch (view.type()) {
            case IgmpPacket.MEMBERSHIP_QUERY -> view.isV3Query() ? V3Query.read(view)
                : new Query(view.maxResponse(), view.group());
            case IgmpPacket.V1_MEMBERSHIP_REPORT -> new V1Report(view.group());
            case IgmpPacket.V2_MEMBERSHIP_REPORT -> new V2Report(view.group());
            case IgmpPacket.LEAVE_GROUP -> new Leave(view.group());
            case IgmpPacket.V3_MEMBERSHIP_REPORT -> V3Report.read(view);
            default -> new Other(view.type(), view.maxResponse(), view.group());
        };
    }

    /** Writes the 8-byte form every v1 and v2 message shares, then its checksum. */
    private static void emitShort(IgmpPacket view, int type, int maxResponse, int group) {
        view.setType(type);
        view.setMaxResponse(maxResponse);
        view.setGroup(group);
        view.fillChecksum();
    }

    private static List<Integer> words(IgmpPacket view, int count, java.util.function.IntUnaryOperator at) {
        List<Integer> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(at.applyAsInt(i));
        }
        return List.copyOf(out);
    }

    private static void requireByte(int value, String what) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
    }

    /**
     * A version 1 or 2 membership query (8 bytes): general with group 0, else group-specific (RFC 2236 section 2).
     *
     * @param maxResponseTime in tenths of a second; 0 is a version 1 query
     * @param group the group asked about, or 0
     */
    record Query(int maxResponseTime, int group) implements IgmpRepr {
        /** Throws {@link IllegalArgumentException} when the time does not fit a byte. */
        public Query {
            requireByte(maxResponseTime, "max resp time");
        }

        @Override
        public int bufferLength() {
            return IgmpPacket.HEADER_LENGTH;
        }

        @Override
        public void emit(IgmpPacket view) {
            emitShort(view, IgmpPacket.MEMBERSHIP_QUERY, maxResponseTime, group);
        }
    }

    /**
     * A version 3 membership query (RFC 3376 section 4.1).
     *
     * @param maxResponseCode the max resp code (RFC 3376 section 4.1.1)
     * @param group the group asked about, or 0 for a general query
     * @param suppressRouterProcessing the S flag
     * @param robustness the querier's robustness variable, 0 to 7
     * @param queryIntervalCode the QQIC (RFC 3376 section 4.1.7)
     * @param sources the sources asked about (a group-and-source-specific query), usually none
     */
    record V3Query(int maxResponseCode, int group, boolean suppressRouterProcessing, int robustness,
                   int queryIntervalCode, List<Integer> sources) implements IgmpRepr {
        /** Checks the ranges and copies the sources. */
        public V3Query {
            requireByte(maxResponseCode, "max resp code");
            requireByte(queryIntervalCode, "QQIC");
            if (robustness < 0 || robustness > 7) {
                throw new IllegalArgumentException("QRV out of range: " + robustness);
            }
            sources = List.copyOf(sources);
            if (sources.size() > 0xffff) {
                throw new IllegalArgumentException("too many sources: " + sources.size());
            }
        }

        /** A general query with no sources. */
        public static V3Query general(int maxResponseCode, int robustness, int queryIntervalCode) {
            return new V3Query(maxResponseCode, 0, false, robustness, queryIntervalCode, List.of());
        }

        static V3Query read(IgmpPacket view) {
            return new V3Query(view.maxResponse(), view.group(), view.suppressRouterProcessing(), view.robustness(),
                view.queryIntervalCode(), words(view, view.querySourceCount(), view::querySource));
        }

        @Override
        public int bufferLength() {
            return IgmpPacket.V3_QUERY_LENGTH + 4 * sources.size();
        }

        @Override
        public void emit(IgmpPacket view) {
            view.setType(IgmpPacket.MEMBERSHIP_QUERY);
            view.setMaxResponse(maxResponseCode);
            view.setGroup(group);
            view.setSuppressAndRobustness(suppressRouterProcessing, robustness);
            view.setQueryIntervalCode(queryIntervalCode);
            view.setQuerySourceCount(sources.size());
            for (int i = 0; i < sources.size(); i++) {
                view.setQuerySource(i, sources.get(i));
            }
            view.fillChecksum();
        }
    }

    /** A version 1 membership report (RFC 1112 appendix I): a join of {@code group}. */
    record V1Report(int group) implements IgmpRepr {
        @Override
        public int bufferLength() {
            return IgmpPacket.HEADER_LENGTH;
        }

        @Override
        public void emit(IgmpPacket view) {
            emitShort(view, IgmpPacket.V1_MEMBERSHIP_REPORT, 0, group);
        }
    }

    /** A version 2 membership report (RFC 2236 section 2): a join of {@code group}. */
    record V2Report(int group) implements IgmpRepr {
        @Override
        public int bufferLength() {
            return IgmpPacket.HEADER_LENGTH;
        }

        @Override
        public void emit(IgmpPacket view) {
            emitShort(view, IgmpPacket.V2_MEMBERSHIP_REPORT, 0, group);
        }
    }

    /** A version 2 leave group (RFC 2236 section 2): the sender leaves {@code group}. */
    record Leave(int group) implements IgmpRepr {
        @Override
        public int bufferLength() {
            return IgmpPacket.HEADER_LENGTH;
        }

        @Override
        public void emit(IgmpPacket view) {
            emitShort(view, IgmpPacket.LEAVE_GROUP, 0, group);
        }
    }

    /** A version 3 membership report (RFC 3376 section 4.2): the sender's group records. */
    record V3Report(List<GroupRecord> records) implements IgmpRepr {
        /** Copies the records. */
        public V3Report {
            records = List.copyOf(records);
            if (records.size() > 0xffff) {
                throw new IllegalArgumentException("too many group records: " + records.size());
            }
        }

        static V3Report read(IgmpPacket view) {
            List<GroupRecord> records = new ArrayList<>();
            int at = view.firstRecord();
            for (int i = view.recordCount(); i > 0; i--) {
                int record = at;
                records.add(new GroupRecord(view.recordType(record), view.recordGroup(record),
                    words(view, view.recordSourceCount(record), s -> view.recordSource(record, s)),
                    words(view, view.recordAuxiliaryWords(record), w -> view.recordAuxiliaryWord(record, w))));
                at = view.nextRecord(record);
            }
            return new V3Report(records);
        }

        @Override
        public int bufferLength() {
            int length = IgmpPacket.RECORDS;
            for (GroupRecord record : records) {
                length += record.length();
            }
            return length;
        }

        @Override
        public void emit(IgmpPacket view) {
            view.setType(IgmpPacket.V3_MEMBERSHIP_REPORT);
            view.setRecordCount(records.size());
            int at = view.firstRecord();
            for (GroupRecord record : records) {
                view.setRecord(at, record.type(), record.auxiliaryData().size(), record.sources().size(),
                    record.group());
                for (int i = 0; i < record.sources().size(); i++) {
                    view.setRecordSource(at, i, record.sources().get(i));
                }
                for (int i = 0; i < record.auxiliaryData().size(); i++) {
                    view.setRecordAuxiliaryWord(at, i, record.auxiliaryData().get(i));
                }
                at += record.length();
            }
            view.fillChecksum();
        }
    }

    /**
     * One group record of a version 3 report (RFC 3376 section 4.2.4).
     *
     * @param type the record type (RFC 3376 section 4.2.12), kept raw
     * @param group the multicast address
     * @param sources the source addresses
     * @param auxiliaryData the auxiliary data words (none defined by RFC 3376; kept so a message round-trips)
     */
    record GroupRecord(int type, int group, List<Integer> sources, List<Integer> auxiliaryData) {
        /** Checks the ranges and copies the lists. */
        public GroupRecord {
            requireByte(type, "record type");
            sources = List.copyOf(sources);
            auxiliaryData = List.copyOf(auxiliaryData);
            if (sources.size() > 0xffff || auxiliaryData.size() > 0xff) {
                throw new IllegalArgumentException("group record too long");
            }
        }

        /** A record without sources or auxiliary data. */
        public static GroupRecord of(int type, int group) {
            return new GroupRecord(type, group, List.of(), List.of());
        }

        /** Length of the record on the wire. */
        public int length() {
            return IgmpPacket.RECORD_HEADER_LENGTH + 4 * sources.size() + 4 * auxiliaryData.size();
        }

        /**
         * What this record says of the sender's interest in the group, for a router that forwards per group and not
         * per source (RFC 3376 section 6.4 reduced to "any source wanted or not"): EXCLUDE mode (current state or
         * change) is a join whatever the excluded sources; INCLUDE mode with sources, or new sources allowed, is a
         * join too; INCLUDE mode with no source (TO_IN {} , IS_IN {}) is a leave; blocking old sources changes
         * nothing a per-group router can tell; an unknown type is ignored (RFC 3376 section 4.2.12).
         */
        public Interest interest() {
            return switch (type) {
                case IgmpPacket.MODE_IS_EXCLUDE, IgmpPacket.CHANGE_TO_EXCLUDE_MODE -> Interest.JOIN;
                case IgmpPacket.MODE_IS_INCLUDE, IgmpPacket.CHANGE_TO_INCLUDE_MODE ->
                    sources.isEmpty() ? Interest.LEAVE : Interest.JOIN;
                case IgmpPacket.ALLOW_NEW_SOURCES -> sources.isEmpty() ? Interest.UNCHANGED : Interest.JOIN;
                default -> Interest.UNCHANGED;
            };
        }
    }

    /** A group record's effect on a per-group membership. */
    enum Interest {
        /** The sender wants the group's traffic. */
        JOIN,
        /** The sender wants none of the group's traffic. */
        LEAVE,
        /** Nothing a per-group router acts on. */
        UNCHANGED
    }

    /**
     * A message of a type no record models (for example a multicast router discovery or DVMRP message), with the
     * fields of the common 8-byte header.
     */
    record Other(int type, int code, int group) implements IgmpRepr {
        /** Checks the ranges. */
        public Other {
            requireByte(type, "type");
            requireByte(code, "code");
            if (type == IgmpPacket.MEMBERSHIP_QUERY || type == IgmpPacket.V1_MEMBERSHIP_REPORT
                || type == IgmpPacket.V2_MEMBERSHIP_REPORT || type == IgmpPacket.LEAVE_GROUP
                || type == IgmpPacket.V3_MEMBERSHIP_REPORT) {
                throw new IllegalArgumentException("type " + type + " has a record of its own");
            }
        }

        @Override
        public int bufferLength() {
            return IgmpPacket.HEADER_LENGTH;
        }

        @Override
        public void emit(IgmpPacket view) {
            emitShort(view, type, code, group);
        }
    }
}
