package io.isthmus.wire;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Flyweight view of a DHCP message (RFC 2131 section 2): the BOOTP header (RFC 951), the magic cookie
 * 99.130.83.99 (RFC 2131 section 3, RFC 2132 section 2) and the options, carried in a UDP datagram between ports
 * {@link #CLIENT_PORT} and {@link #SERVER_PORT}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+---------------+---------------+
 * |     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
 * +---------------+---------------+---------------+---------------+
 * |                            xid (4)                            |
 * +-------------------------------+-------------------------------+
 * |           secs (2)            |           flags (2)           |
 * +-------------------------------+-------------------------------+
 * |                          ciaddr  (4)                          |
 * +---------------------------------------------------------------+
 * |                          yiaddr  (4)                          |
 * +---------------------------------------------------------------+
 * |                          siaddr  (4)                          |
 * +---------------------------------------------------------------+
 * |                          giaddr  (4)                          |
 * +---------------------------------------------------------------+
 * |                                                               |
 * |                          chaddr  (16)                         |
 * |                                                               |
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * |                          sname   (64)                         |
 * +---------------------------------------------------------------+
 * |                                                               |
 * |                          file    (128)                        |
 * +---------------------------------------------------------------+
 * |                     magic cookie 63 82 53 63                  |
 * +---------------------------------------------------------------+
 * |                                                               |
 * |                          options (variable)                   |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The options (RFC 2132) are read with a {@link DhcpOptionsIterator} and written with a
 * {@link DhcpOptionsWriter}; neither allocates. {@link #checkLength()} walks them once, so that after
 * {@link WireStatus#OK} every option, including those the option overload (RFC 2132 section 9.3) moves into
 * {@code file} and {@code sname}, lies inside the message and every options area ends with an end option.
 *
 * <p>Addresses are ints as {@link Ipv4Address} describes; an Ethernet {@code chaddr} is read as a long as
 * {@link MacAddress} describes.
 */
public final class DhcpMessage extends PacketView {
    /** Offset of {@code op}: {@link #BOOT_REQUEST} or {@link #BOOT_REPLY}. */
    public static final int OP = 0;
    /** Offset of {@code htype}, the hardware address type (ARP's: 1 for Ethernet). */
    public static final int HARDWARE_TYPE = 1;
    /** Offset of {@code hlen}, the hardware address length. */
    public static final int HARDWARE_LENGTH = 2;
    /** Offset of {@code hops}, incremented by relay agents. */
    public static final int HOPS = 3;
    /** Offset of {@code xid}, the transaction id the client chose. */
    public static final int TRANSACTION_ID = 4;
    /** Offset of {@code secs}, seconds since the client began acquiring or renewing. */
    public static final int SECONDS = 8;
    /** Offset of {@code flags}; only the broadcast bit is defined (RFC 2131 figure 2). */
    public static final int FLAGS = 10;
    /** Offset of {@code ciaddr}, the client's address when it is bound, renewing or rebinding. */
    public static final int CLIENT_ADDRESS = 12;
    /** Offset of {@code yiaddr}, "your" address: what the server offers or assigns. */
    public static final int YOUR_ADDRESS = 16;
    /** Offset of {@code siaddr}, the next server of the bootstrap (TFTP). */
    public static final int SERVER_ADDRESS = 20;
    /** Offset of {@code giaddr}, the relay agent's address. */
    public static final int RELAY_AGENT_ADDRESS = 24;
    /** Offset of {@code chaddr}, the client hardware address, 16 octets of which {@code hlen} are used. */
    public static final int CLIENT_HARDWARE_ADDRESS = 28;
    /** Length of the {@code chaddr} field. */
    public static final int CLIENT_HARDWARE_ADDRESS_LENGTH = 16;
    /** Offset of {@code sname}, the server host name (a NUL-terminated string, or options when overloaded). */
    public static final int SERVER_NAME = 44;
    /** Length of the {@code sname} field. */
    public static final int SERVER_NAME_LENGTH = 64;
    /** Offset of {@code file}, the boot file name (a NUL-terminated string, or options when overloaded). */
    public static final int BOOT_FILE = 108;
    /** Length of the {@code file} field. */
    public static final int BOOT_FILE_LENGTH = 128;
    /** Offset of the magic cookie that starts the options field. */
    public static final int MAGIC_COOKIE = 236;
    /** Offset of the first option, right after the magic cookie. */
    public static final int OPTIONS = 240;
    /** Shortest message this view accepts: the fixed header and the magic cookie (options are checked apart). */
    public static final int MIN_LENGTH = OPTIONS;
    /**
     * Shortest message a server sends: the 300 octets of a BOOTP message with its 64-octet vendor area (RFC 951
     * section 3), which some BOOTP relay agents and old clients still expect (RFC 1542).
     */
    public static final int MIN_BOOTP_LENGTH = 300;
    /**
     * The largest message every client must accept: 576-octet IP datagrams less the IP and UDP headers (RFC 2131
     * section 2, RFC 2132 section 9.10); larger only if the client says so with option 57.
     */
    public static final int DEFAULT_MAX_LENGTH = 576 - 20 - UdpDatagram.HEADER_LENGTH;

    /** The magic cookie 99.130.83.99: "vendor area holds RFC 1048 options" (RFC 2132 section 2). */
    public static final int MAGIC_COOKIE_VALUE = 0x6382_5363;
    /** {@code op} of a message from a client. */
    public static final int BOOT_REQUEST = 1;
    /** {@code op} of a message from a server. */
    public static final int BOOT_REPLY = 2;
    /** The broadcast bit of {@code flags}: the client cannot receive unicast before it is configured. */
    public static final int BROADCAST_FLAG = 0x8000;
    /** UDP port of DHCP servers (and relay agents). */
    public static final int SERVER_PORT = 67;
    /** UDP port of DHCP clients. */
    public static final int CLIENT_PORT = 68;

    /** DHCP message type (option 53) DHCPDISCOVER: a client looks for servers. */
    public static final int DISCOVER = 1;
    /** DHCPOFFER: a server offers an address and parameters. */
    public static final int OFFER = 2;
    /** DHCPREQUEST: a client asks for the offered address, confirms it, or extends its lease. */
    public static final int REQUEST = 3;
    /** DHCPDECLINE: the client found the address already in use. */
    public static final int DECLINE = 4;
    /** DHCPACK: the server commits the address and parameters. */
    public static final int ACK = 5;
    /** DHCPNAK: the server refuses the client's notion of its address. */
    public static final int NAK = 6;
    /** DHCPRELEASE: the client gives the address back. */
    public static final int RELEASE = 7;
    /** DHCPINFORM: a client configured by other means asks only for parameters. */
    public static final int INFORM = 8;

    private final DhcpOptionsIterator options = new DhcpOptionsIterator();

    /** Points this view at {@code length} bytes of {@code segment} from {@code offset} (the UDP data). */
    public DhcpMessage wrap(MemorySegment segment, long offset, int length) {
        set(segment, offset, length);
        return this;
    }

    /**
     * Checks, in this order: {@link WireStatus#TRUNCATED} when the window is shorter than the header and magic
     * cookie; {@link WireStatus#BAD_FIELD} when {@code op} is neither request nor reply, {@code hlen} exceeds the 16
     * octets of {@code chaddr}, or the magic cookie is missing (plain BOOTP); {@link WireStatus#BAD_OPTION} when an
     * option runs past its area, an area lacks its end option, or the option overload is malformed, repeated or
     * not in the options field. The window keeps its length: the UDP length bounds the message.
     */
    public WireStatus checkLength() {
        if (length < MIN_LENGTH) {
            return WireStatus.TRUNCATED;
        }
        int op = op();
        if ((op != BOOT_REQUEST && op != BOOT_REPLY) || hardwareLength() > CLIENT_HARDWARE_ADDRESS_LENGTH
            || magicCookie() != MAGIC_COOKIE_VALUE) {
            return WireStatus.BAD_FIELD;
        }
        options.reset(this);
        while (options.next()) {
            // The walk itself checks every option's bounds and the end of every area.
        }
        return options.status();
    }

    /** {@code op}: {@link #BOOT_REQUEST} or {@link #BOOT_REPLY} (after {@link #checkLength()}). */
    public int op() {
        return u8(OP);
    }

    /** Writes {@code op}. */
    public void setOp(int value) {
        u8(OP, value);
    }

    /** {@code htype}: 1 for Ethernet (the ARP hardware types of RFC 1700). */
    public int hardwareType() {
        return u8(HARDWARE_TYPE);
    }

    /** Writes {@code htype}. */
    public void setHardwareType(int value) {
        u8(HARDWARE_TYPE, value);
    }

    /** {@code hlen}: how many octets of {@code chaddr} hold the address (6 for Ethernet). */
    public int hardwareLength() {
        return u8(HARDWARE_LENGTH);
    }

    /** Writes {@code hlen}. */
    public void setHardwareLength(int value) {
        u8(HARDWARE_LENGTH, value);
    }

    /** Whether {@code htype} and {@code hlen} say Ethernet: type 1, six octets. */
    public boolean isEthernet() {
        return hardwareType() == ArpPacket.HARDWARE_ETHERNET && hardwareLength() == MacAddress.LENGTH;
    }

    /** {@code hops}: relay agents crossed. */
    public int hops() {
        return u8(HOPS);
    }

    /** Writes {@code hops}. */
    public void setHops(int value) {
        u8(HOPS, value);
    }

    /** {@code xid}: the transaction id, which the server copies into its reply. */
    public int transactionId() {
        return u32(TRANSACTION_ID);
    }

    /** Writes {@code xid}. */
    public void setTransactionId(int value) {
        u32(TRANSACTION_ID, value);
    }

    /** {@code secs}: seconds elapsed since the client began the exchange. */
    public int seconds() {
        return u16(SECONDS);
    }

    /** Writes {@code secs}. */
    public void setSeconds(int value) {
        u16(SECONDS, value);
    }

    /** {@code flags}, all sixteen bits. */
    public int flags() {
        return u16(FLAGS);
    }

    /** Writes {@code flags}. */
    public void setFlags(int value) {
        u16(FLAGS, value);
    }

    /** Whether the broadcast bit is set: the reply must be broadcast (RFC 2131 section 4.1). */
    public boolean isBroadcast() {
        return (u16(FLAGS) & BROADCAST_FLAG) != 0;
    }

    /** {@code ciaddr}: the client's own address, filled only in BOUND, RENEWING and REBINDING (and INFORM). */
    public int clientAddress() {
        return u32(CLIENT_ADDRESS);
    }

    /** Writes {@code ciaddr}. */
    public void setClientAddress(int address) {
        u32(CLIENT_ADDRESS, address);
    }

    /** {@code yiaddr}: the address the server offers or assigns. */
    public int yourAddress() {
        return u32(YOUR_ADDRESS);
    }

    /** Writes {@code yiaddr}. */
    public void setYourAddress(int address) {
        u32(YOUR_ADDRESS, address);
    }

    /** {@code siaddr}: the next server of the bootstrap. */
    public int serverAddress() {
        return u32(SERVER_ADDRESS);
    }

    /** Writes {@code siaddr}. */
    public void setServerAddress(int address) {
        u32(SERVER_ADDRESS, address);
    }

    /** {@code giaddr}: the relay agent's address, 0 when the client is on the server's link. */
    public int relayAgentAddress() {
        return u32(RELAY_AGENT_ADDRESS);
    }

    /** Writes {@code giaddr}. */
    public void setRelayAgentAddress(int address) {
        u32(RELAY_AGENT_ADDRESS, address);
    }

    /**
     * The first six octets of {@code chaddr} as a MAC-48: the client's MAC when {@link #isEthernet()}; meaningless
     * otherwise.
     */
    public long clientMac() {
        return ((long) u16(CLIENT_HARDWARE_ADDRESS) << 32) | (u32(CLIENT_HARDWARE_ADDRESS + 2) & 0xffff_ffffL);
    }

    /** Writes a MAC-48 into the first six octets of {@code chaddr} and zeroes the other ten. */
    public void setClientMac(long mac) {
        u16(CLIENT_HARDWARE_ADDRESS, (int) (mac >>> 32));
        u32(CLIENT_HARDWARE_ADDRESS + 2, (int) mac);
        u16(CLIENT_HARDWARE_ADDRESS + 6, 0);
        u64(CLIENT_HARDWARE_ADDRESS + 8, 0);
    }

    /** Octet {@code index} (0..15) of {@code chaddr}. */
    public int clientHardwareOctet(int index) {
        return u8(CLIENT_HARDWARE_ADDRESS + Objects.checkIndex(index, CLIENT_HARDWARE_ADDRESS_LENGTH));
    }

    /** Writes octet {@code index} (0..15) of {@code chaddr}. */
    public void setClientHardwareOctet(int index, int value) {
        u8(CLIENT_HARDWARE_ADDRESS + Objects.checkIndex(index, CLIENT_HARDWARE_ADDRESS_LENGTH), value);
    }

    /** Octet {@code index} (0..63) of {@code sname}. */
    public int serverNameOctet(int index) {
        return u8(SERVER_NAME + Objects.checkIndex(index, SERVER_NAME_LENGTH));
    }

    /** Octet {@code index} (0..127) of {@code file}. */
    public int bootFileOctet(int index) {
        return u8(BOOT_FILE + Objects.checkIndex(index, BOOT_FILE_LENGTH));
    }

    /** Zeroes {@code sname} and {@code file}: no server name, no boot file. */
    public void clearServerNameAndBootFile() {
        // Eight octets at a time, without a slice: asSlice would allocate a segment per message.
        for (int at = SERVER_NAME; at < MAGIC_COOKIE; at += 8) {
            u64(at, 0);
        }
    }

    /** The four octets before the options: {@link #MAGIC_COOKIE_VALUE} in a DHCP message. */
    public int magicCookie() {
        return u32(MAGIC_COOKIE);
    }

    /** Writes {@link #MAGIC_COOKIE_VALUE}. */
    public void setMagicCookie() {
        u32(MAGIC_COOKIE, MAGIC_COOKIE_VALUE);
    }

    /**
     * The DHCP message type (option 53, {@link #DISCOVER} .. {@link #INFORM} or another registered value), or 0
     * when the option is missing or not one octet (a BOOTP message). After {@link #checkLength()}; allocation-free.
     */
    public int messageType() {
        options.reset(this);
        if (options.find(DhcpOptionsIterator.MESSAGE_TYPE) && options.dataLength() == 1) {
            return options.dataU8(0);
        }
        return 0;
    }
}
