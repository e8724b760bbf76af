package io.isthmus.xlat;

import io.isthmus.wire.Icmpv4Packet;
import io.isthmus.wire.Icmpv6Packet;

/**
 * The ICMP type, code and pointer tables of RFC 7915 sections 4.2 and 5.2. A mapping is packed into an int:
 * {@code type << 8 | code}, or {@link #DROP} when the message is silently dropped.
 */
final class IcmpMapping {
    /** The message has no translation and is dropped. */
    static final int DROP = -1;
    /** A parameter-problem pointer with no counterpart ("n/a" in RFC 7915 figures 3 and 6). */
    static final int NO_POINTER = -1;

    private static final int[] FOUR_TO_SIX_UNREACHABLE = new int[16];
    private static final int[] SIX_TO_FOUR_UNREACHABLE = new int[7];
    /** RFC 7915 figure 3: IPv4 header byte offset to IPv6 header byte offset. */
    private static final int[] FOUR_TO_SIX_POINTER = new int[20];
    /** RFC 7915 figure 6: IPv6 header byte offset to IPv4 header byte offset. */
    private static final int[] SIX_TO_FOUR_POINTER = new int[40];

    static {
        int unreachable = Icmpv6Packet.DESTINATION_UNREACHABLE << 8;
        java.util.Arrays.fill(FOUR_TO_SIX_UNREACHABLE, unreachable | Icmpv6Packet.CODE_NO_ROUTE);
        FOUR_TO_SIX_UNREACHABLE[Icmpv4Packet.CODE_PROTOCOL_UNREACHABLE] =
            Icmpv6Packet.PARAMETER_PROBLEM << 8 | Icmpv6Packet.CODE_UNRECOGNIZED_NEXT_HEADER;
        FOUR_TO_SIX_UNREACHABLE[Icmpv4Packet.CODE_PORT_UNREACHABLE] = unreachable | Icmpv6Packet.CODE_PORT_UNREACHABLE;
        FOUR_TO_SIX_UNREACHABLE[Icmpv4Packet.CODE_FRAGMENTATION_NEEDED] = Icmpv6Packet.PACKET_TOO_BIG << 8;
        for (int code : new int[] {9, 10, 13, 15}) {
            FOUR_TO_SIX_UNREACHABLE[code] = unreachable | Icmpv6Packet.CODE_ADMIN_PROHIBITED;
        }
        // Code 14, host precedence violation, has no ICMPv6 counterpart.
        FOUR_TO_SIX_UNREACHABLE[14] = DROP;

        int hostUnreachable = Icmpv4Packet.DESTINATION_UNREACHABLE << 8 | Icmpv4Packet.CODE_HOST_UNREACHABLE;
        SIX_TO_FOUR_UNREACHABLE[Icmpv6Packet.CODE_NO_ROUTE] = hostUnreachable;
        SIX_TO_FOUR_UNREACHABLE[Icmpv6Packet.CODE_ADMIN_PROHIBITED] =
            Icmpv4Packet.DESTINATION_UNREACHABLE << 8 | Icmpv4Packet.CODE_HOST_PROHIBITED;
        SIX_TO_FOUR_UNREACHABLE[Icmpv6Packet.CODE_BEYOND_SCOPE] = hostUnreachable;
        SIX_TO_FOUR_UNREACHABLE[Icmpv6Packet.CODE_ADDRESS_UNREACHABLE] = hostUnreachable;
        SIX_TO_FOUR_UNREACHABLE[Icmpv6Packet.CODE_PORT_UNREACHABLE] =
            Icmpv4Packet.DESTINATION_UNREACHABLE << 8 | Icmpv4Packet.CODE_PORT_UNREACHABLE;
        SIX_TO_FOUR_UNREACHABLE[Icmpv6Packet.CODE_SOURCE_POLICY_FAILED] = DROP;
        SIX_TO_FOUR_UNREACHABLE[Icmpv6Packet.CODE_REJECT_ROUTE] = DROP;

        java.util.Arrays.fill(FOUR_TO_SIX_POINTER, NO_POINTER);
        FOUR_TO_SIX_POINTER[0] = 0;
        FOUR_TO_SIX_POINTER[1] = 1;
        FOUR_TO_SIX_POINTER[2] = 4;
        FOUR_TO_SIX_POINTER[3] = 4;
        FOUR_TO_SIX_POINTER[8] = 7;
        FOUR_TO_SIX_POINTER[9] = 6;
        for (int i = 12; i < 16; i++) {
            FOUR_TO_SIX_POINTER[i] = 8;
        }
        for (int i = 16; i < 20; i++) {
            FOUR_TO_SIX_POINTER[i] = 24;
        }

        java.util.Arrays.fill(SIX_TO_FOUR_POINTER, NO_POINTER);
        SIX_TO_FOUR_POINTER[0] = 0;
        SIX_TO_FOUR_POINTER[1] = 1;
        SIX_TO_FOUR_POINTER[4] = 2;
        SIX_TO_FOUR_POINTER[5] = 2;
        SIX_TO_FOUR_POINTER[6] = 9;
        SIX_TO_FOUR_POINTER[7] = 8;
        for (int i = 8; i < 24; i++) {
            SIX_TO_FOUR_POINTER[i] = 12;
        }
        for (int i = 24; i < 40; i++) {
            SIX_TO_FOUR_POINTER[i] = 16;
        }
    }

    private IcmpMapping() {
    }

    /** ICMPv4 type and code to ICMPv6 (RFC 7915 section 4.2), packed, or {@link #DROP}. */
    static int fourToSix(int type, int code) {
        return switch (type) {
            case Icmpv4Packet.ECHO_REQUEST -> code == 0 ? Icmpv6Packet.ECHO_REQUEST << 8 : DROP;
            case Icmpv4Packet.ECHO_REPLY -> code == 0 ? Icmpv6Packet.ECHO_REPLY << 8 : DROP;
            case Icmpv4Packet.DESTINATION_UNREACHABLE -> code < FOUR_TO_SIX_UNREACHABLE.length
                ? FOUR_TO_SIX_UNREACHABLE[code] : DROP;
            case Icmpv4Packet.TIME_EXCEEDED -> code <= 1 ? Icmpv6Packet.TIME_EXCEEDED << 8 | code : DROP;
            case Icmpv4Packet.PARAMETER_PROBLEM -> code == Icmpv4Packet.CODE_POINTER_INDICATES_ERROR
                || code == Icmpv4Packet.CODE_BAD_LENGTH
                ? Icmpv6Packet.PARAMETER_PROBLEM << 8 | Icmpv6Packet.CODE_ERRONEOUS_HEADER_FIELD : DROP;
            default -> DROP;
        };
    }

    /** ICMPv6 type and code to ICMPv4 (RFC 7915 section 5.2), packed, or {@link #DROP}. */
    static int sixToFour(int type, int code) {
        return switch (type) {
            case Icmpv6Packet.ECHO_REQUEST -> code == 0 ? Icmpv4Packet.ECHO_REQUEST << 8 : DROP;
            case Icmpv6Packet.ECHO_REPLY -> code == 0 ? Icmpv4Packet.ECHO_REPLY << 8 : DROP;
            case Icmpv6Packet.DESTINATION_UNREACHABLE -> code < SIX_TO_FOUR_UNREACHABLE.length
                ? SIX_TO_FOUR_UNREACHABLE[code] : DROP;
            case Icmpv6Packet.PACKET_TOO_BIG -> Icmpv4Packet.DESTINATION_UNREACHABLE << 8
                | Icmpv4Packet.CODE_FRAGMENTATION_NEEDED;
            case Icmpv6Packet.TIME_EXCEEDED -> code <= 1 ? Icmpv4Packet.TIME_EXCEEDED << 8 | code : DROP;
            case Icmpv6Packet.PARAMETER_PROBLEM -> switch (code) {
                case Icmpv6Packet.CODE_ERRONEOUS_HEADER_FIELD ->
                    Icmpv4Packet.PARAMETER_PROBLEM << 8 | Icmpv4Packet.CODE_POINTER_INDICATES_ERROR;
                case Icmpv6Packet.CODE_UNRECOGNIZED_NEXT_HEADER ->
                    Icmpv4Packet.DESTINATION_UNREACHABLE << 8 | Icmpv4Packet.CODE_PROTOCOL_UNREACHABLE;
                default -> DROP;
            };
            default -> DROP;
        };
    }

    /** Parameter-problem pointer from an IPv4 header offset to an IPv6 one, or {@link #NO_POINTER}. */
    static int fourToSixPointer(int pointer) {
        return pointer >= 0 && pointer < FOUR_TO_SIX_POINTER.length ? FOUR_TO_SIX_POINTER[pointer] : NO_POINTER;
    }

    /** Parameter-problem pointer from an IPv6 header offset to an IPv4 one, or {@link #NO_POINTER}. */
    static int sixToFourPointer(int pointer) {
        return pointer >= 0 && pointer < SIX_TO_FOUR_POINTER.length ? SIX_TO_FOUR_POINTER[pointer] : NO_POINTER;
    }

    /**
     * The path MTU plateaus of RFC 1191 section 7, used when a pre-RFC 1191 router reports fragmentation needed with
     * an MTU of zero: the greatest plateau below the invoking packet's total length.
     */
    static int plateauBelow(int totalLength) {
        for (int plateau : PLATEAUS) {
            if (plateau < totalLength) {
                return plateau;
            }
        }
        return 68;
    }

    private static final int[] PLATEAUS = {65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68};
}
