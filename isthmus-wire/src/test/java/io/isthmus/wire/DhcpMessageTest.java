package io.isthmus.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpMessageTest {
    /** {@code n} zero octets on one annotated line. */
    static String zeros(int n, String comment) {
        return "00 ".repeat(n) + "# " + comment + "\n";
    }

    /**
     * The DHCPDISCOVER of ISC dhclient on 52:54:00:12:34:56, asking again for 10.0.1.10; padded to the 300 octets of
     * a BOOTP message.
     */
    static final String DISCOVER = """
        01                   # op: BOOTREQUEST
        01                   # htype: Ethernet
        06                   # hlen: 6
        00                   # hops
        3d 1d 4c 7a          # xid
        00 05                # secs: 5
        00 00                # flags: no broadcast bit
        00 00 00 00          # ciaddr
        00 00 00 00          # yiaddr
        00 00 00 00          # siaddr
        00 00 00 00          # giaddr
        52 54 00 12 34 56    # chaddr: the client's MAC
        00 00 00 00 00 00 00 00 00 00   # chaddr: the 10 unused octets
        """ + zeros(64, "sname: empty") + zeros(128, "file: empty") + """
        63 82 53 63          # magic cookie
        35 01 01             # option 53, message type: DHCPDISCOVER
        32 04 0a 00 01 0a    # option 50, requested address: 10.0.1.10
        0c 06 6e 6f 64 65 2d 61                   # option 12, host name: "node-a"
        37 0d 01 1c 02 03 0f 06 77 0c 2c 2f 1a 79 2a # option 55, parameter request list: 13 codes
        ff                   # end
        """ + zeros(27, "padding to 300 octets");

    /** Offset of the end option of {@link #DISCOVER}: the message is complete from here on. */
    static final int DISCOVER_END = 272;

    /**
     * The virtual router 10.0.1.1's DHCPACK of 10.0.1.10 for 20 seconds, broadcast, with the parameters of a /24:
     * exactly 300 octets.
     */
    static final String ACK = """
        02 01 06 00          # BOOTREPLY, Ethernet, hlen 6, hops 0
        3d 1d 4c 7a          # xid: the client's
        00 00                # secs
        80 00                # flags: broadcast
        00 00 00 00          # ciaddr
        0a 00 01 0a          # yiaddr: 10.0.1.10
        00 00 00 00          # siaddr: no next server
        00 00 00 00          # giaddr: no relay
        52 54 00 12 34 56 00 00 00 00 00 00 00 00 00 00   # chaddr
        """ + zeros(64, "sname") + zeros(128, "file") + """
        63 82 53 63          # magic cookie
        35 01 05             # message type: DHCPACK
        36 04 0a 00 01 01    # server identifier: 10.0.1.1
        33 04 00 00 00 14    # lease time: 20 s
        3a 04 00 00 00 0a    # renewal (T1): 10 s
        3b 04 00 00 00 11    # rebinding (T2): 17 s
        01 04 ff ff ff 00    # subnet mask: 255.255.255.0
        1c 04 0a 00 01 ff    # broadcast address: 10.0.1.255
        03 04 0a 00 01 01    # router: 10.0.1.1
        06 08 0a 00 00 02 0a 00 00 03  # domain name servers: 10.0.0.2, 10.0.0.3
        1a 02 05 78          # interface MTU: 1400
        ff                   # end
        """;

    /** A DHCPREQUEST whose options overflow into file and then sname (option overload 3). */
    static final String OVERLOADED = """
        01 01 06 00 00 00 00 01 00 00 00 00   # BOOTREQUEST, Ethernet, xid 1
        00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   # ciaddr, yiaddr, siaddr, giaddr
        52 54 00 12 34 56 00 00 00 00 00 00 00 00 00 00   # chaddr
        3d 07 01 52 54 00 12 34 56   # sname, option 61 client identifier: type 1, the MAC
        ff                           # sname: end
        """ + zeros(54, "sname: padding") + """
        0c 03 61 62 63       # file, option 12 host name: "abc"
        00                   # file: a pad
        32 04 0a 00 01 0a    # file, option 50 requested address: 10.0.1.10
        ff                   # file: end
        """ + zeros(115, "file: padding") + """
        63 82 53 63          # magic cookie
        35 01 03             # message type: DHCPREQUEST
        34 01 03             # option overload: file and sname hold options
        ff                   # end
        """;

    private static final long CLIENT_MAC = 0x5254_0012_3456L;

    private static DhcpMessage message(String vector) {
        MemorySegment bytes = Hex.segment(vector);
        return new DhcpMessage().wrap(bytes, 0, (int) bytes.byteSize());
    }

    private static DhcpMessage checked(String vector) {
        DhcpMessage message = message(vector);
        assertThat(message.checkLength()).isEqualTo(WireStatus.OK);
        return message;
    }

    record Seen(int code, String data, boolean overloaded) {
    }

    static List<Seen> walk(DhcpMessage message) {
        DhcpOptionsIterator options = new DhcpOptionsIterator().reset(message);
        List<Seen> seen = new ArrayList<>();
        while (options.next()) {
            seen.add(new Seen(options.code(), Hex.of(message.segment(), message.offset() + options.dataOffset(),
                options.dataLength()), options.inOverloadedField()));
        }
        assertThat(options.status()).isEqualTo(WireStatus.OK);
        return seen;
    }

    @Test
    void vectorsHaveTheLengthsTheirCommentsSay() {
        assertThat(Hex.bytes(DISCOVER)).hasSize(300);
        assertThat(Hex.bytes(DISCOVER)[DISCOVER_END] & 0xff).isEqualTo(DhcpOptionsIterator.END);
        assertThat(Hex.bytes(ACK)).hasSize(300);
        assertThat(Hex.bytes(OVERLOADED)).hasSize(247);
    }

    @Test
    void readsEveryField() {
        DhcpMessage m = checked(DISCOVER);

        assertThat(m.length()).as("the UDP length bounds the message").isEqualTo(300);
        assertThat(m.op()).isEqualTo(DhcpMessage.BOOT_REQUEST);
        assertThat(m.hardwareType()).isEqualTo(1);
        assertThat(m.hardwareLength()).isEqualTo(6);
        assertThat(m.isEthernet()).isTrue();
        assertThat(m.hops()).isZero();
        assertThat(m.transactionId()).isEqualTo(0x3d1d4c7a);
        assertThat(m.seconds()).isEqualTo(5);
        assertThat(m.flags()).isZero();
        assertThat(m.isBroadcast()).isFalse();
        assertThat(m.clientAddress()).isZero();
        assertThat(m.yourAddress()).isZero();
        assertThat(m.serverAddress()).isZero();
        assertThat(m.relayAgentAddress()).isZero();
        assertThat(m.clientMac()).isEqualTo(CLIENT_MAC);
        assertThat(m.clientHardwareOctet(0)).isEqualTo(0x52);
        assertThat(m.clientHardwareOctet(5)).isEqualTo(0x56);
        assertThat(m.clientHardwareOctet(15)).isZero();
        assertThat(m.serverNameOctet(0)).isZero();
        assertThat(m.bootFileOctet(127)).isZero();
        assertThat(m.magicCookie()).isEqualTo(DhcpMessage.MAGIC_COOKIE_VALUE);
        assertThat(m.messageType()).isEqualTo(DhcpMessage.DISCOVER);
    }

    @Test
    void readsTheReplyFieldsAndTheBroadcastBit() {
        DhcpMessage m = checked(ACK);

        assertThat(m.op()).isEqualTo(DhcpMessage.BOOT_REPLY);
        assertThat(m.flags()).isEqualTo(DhcpMessage.BROADCAST_FLAG);
        assertThat(m.isBroadcast()).isTrue();
        assertThat(m.yourAddress()).isEqualTo(Ipv4Address.parse("10.0.1.10"));
        assertThat(m.messageType()).isEqualTo(DhcpMessage.ACK);
    }

    @Test
    void walksTheOptionsInOrderSkippingPadAndEnd() {
        assertThat(walk(checked(DISCOVER))).containsExactly(
            new Seen(DhcpOptionsIterator.MESSAGE_TYPE, "01", false),
            new Seen(DhcpOptionsIterator.REQUESTED_ADDRESS, "0a00010a", false),
            new Seen(DhcpOptionsIterator.HOST_NAME, "6e6f64652d61", false),
            new Seen(DhcpOptionsIterator.PARAMETER_REQUEST_LIST, "011c02030f06770c2c2f1a792a", false));
    }

    @Test
    void readsOptionDataAsIntegers() {
        DhcpMessage m = checked(ACK);
        DhcpOptionsIterator options = new DhcpOptionsIterator().reset(m);

        assertThat(options.find(DhcpOptionsIterator.LEASE_TIME)).isTrue();
        assertThat(options.optionOffset()).isEqualTo(249);
        assertThat(options.dataOffset()).isEqualTo(251);
        assertThat(options.dataLength()).isEqualTo(4);
        assertThat(options.dataU32(0)).isEqualTo(20);
        assertThat(options.find(DhcpOptionsIterator.DOMAIN_NAME_SERVER)).isTrue();
        assertThat(options.dataU32(0)).isEqualTo(Ipv4Address.parse("10.0.0.2"));
        assertThat(options.dataU32(4)).isEqualTo(Ipv4Address.parse("10.0.0.3"));
        assertThat(options.dataU8(7)).isEqualTo(3);
        assertThat(options.find(DhcpOptionsIterator.INTERFACE_MTU)).isTrue();
        assertThat(options.dataU16(0)).isEqualTo(1400);
        assertThatThrownBy(() -> options.dataU16(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> options.dataU8(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(options.find(DhcpOptionsIterator.ROUTER)).as("the router came before the MTU").isFalse();
        assertThat(options.status()).isEqualTo(WireStatus.OK);
    }

    @Test
    void buildsEveryField() {
        MemorySegment buffer = MemorySegment.ofArray(new byte[400]);
        buffer.fill((byte) 0xa5);
        DhcpMessage m = new DhcpMessage().wrap(buffer, 0, 400);

        m.setOp(DhcpMessage.BOOT_REPLY);
        m.setHardwareType(1);
        m.setHardwareLength(6);
        m.setHops(0);
        m.setTransactionId(0x3d1d4c7a);
        m.setSeconds(0);
        m.setFlags(DhcpMessage.BROADCAST_FLAG);
        m.setClientAddress(0);
        m.setYourAddress(Ipv4Address.parse("10.0.1.10"));
        m.setServerAddress(0);
        m.setRelayAgentAddress(0);
        m.setClientMac(CLIENT_MAC);
        m.clearServerNameAndBootFile();
        m.setMagicCookie();
        DhcpOptionsWriter options = new DhcpOptionsWriter().reset(m);
        assertThat(options.putU8(DhcpOptionsIterator.MESSAGE_TYPE, DhcpMessage.ACK)).isTrue();
        assertThat(options.putU32(DhcpOptionsIterator.SERVER_IDENTIFIER, Ipv4Address.parse("10.0.1.1"))).isTrue();
        assertThat(options.putU32(DhcpOptionsIterator.LEASE_TIME, 20)).isTrue();
        assertThat(options.putU32(DhcpOptionsIterator.RENEWAL_TIME, 10)).isTrue();
        assertThat(options.putU32(DhcpOptionsIterator.REBINDING_TIME, 17)).isTrue();
        assertThat(options.putU32(DhcpOptionsIterator.SUBNET_MASK, 0xffff_ff00)).isTrue();
        assertThat(options.putU32(DhcpOptionsIterator.BROADCAST_ADDRESS, Ipv4Address.parse("10.0.1.255"))).isTrue();
        assertThat(options.putU32(DhcpOptionsIterator.ROUTER, Ipv4Address.parse("10.0.1.1"))).isTrue();
        assertThat(options.begin(DhcpOptionsIterator.DOMAIN_NAME_SERVER, 8)).isTrue();
        options.u32(Ipv4Address.parse("10.0.0.2"));
        options.u32(Ipv4Address.parse("10.0.0.3"));
        assertThat(options.putU16(DhcpOptionsIterator.INTERFACE_MTU, 1400)).isTrue();
        int length = options.finish();

        assertThat(length).isEqualTo(300);
        assertThat(Hex.of(buffer, 0, length)).isEqualTo(Hex.of(Hex.bytes(ACK)));
        assertThat(buffer.get(ValueLayout.JAVA_BYTE, 300)).as("nothing beyond").isEqualTo(
            (byte) 0xa5);
    }

    @Test
    void setClientHardwareOctetWritesOneOctet() {
        DhcpMessage m = message(DISCOVER);
        m.setClientHardwareOctet(15, 0xee);
        assertThat(m.clientHardwareOctet(15)).isEqualTo(0xee);
        assertThat(m.clientMac()).isEqualTo(CLIENT_MAC);
        assertThatThrownBy(() -> m.clientHardwareOctet(16)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> m.serverNameOctet(64)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> m.bootFileOctet(128)).isInstanceOf(IndexOutOfBoundsException.class);
        m.setClientMac(CLIENT_MAC);
        assertThat(m.clientHardwareOctet(15)).as("setClientMac zeroes the rest").isZero();
    }

    @Test
    void parsesAndEmitsTheVectors() {
        DhcpRepr discover = DhcpRepr.parse(message(DISCOVER));
        DhcpRepr ack = DhcpRepr.parse(message(ACK));

        assertThat(discover.op()).isEqualTo(DhcpMessage.BOOT_REQUEST);
        assertThat(discover.transactionId()).isEqualTo(0x3d1d4c7a);
        assertThat(discover.seconds()).isEqualTo(5);
        assertThat(discover.clientMac()).isEqualTo(CLIENT_MAC);
        assertThat(discover.clientHardwareAddress()).isEqualTo(DhcpRepr.chaddrOf(CLIENT_MAC));
        assertThat(discover.serverName()).isEmpty();
        assertThat(discover.bootFile()).isEmpty();
        assertThat(discover.messageType()).isEqualTo(DhcpMessage.DISCOVER);
        assertThat(discover.options()).extracting(DhcpOption::code).containsExactly(53, 50, 12, 55);
        assertThat(discover.option(DhcpOptionsIterator.REQUESTED_ADDRESS).orElseThrow().u32(0))
            .isEqualTo(Ipv4Address.parse("10.0.1.10"));
        assertThat(discover.option(DhcpOptionsIterator.SERVER_IDENTIFIER)).isEmpty();
        assertThat(ack.messageType()).isEqualTo(DhcpMessage.ACK);
        assertThat(ack.option(DhcpOptionsIterator.DOMAIN_NAME_SERVER).orElseThrow().addresses())
            .containsExactly(Ipv4Address.parse("10.0.0.2"), Ipv4Address.parse("10.0.0.3"));
        assertThat(discover.bufferLength()).isEqualTo(300);
        assertThat(ack.bufferLength()).isEqualTo(300);

        assertThat(emitted(discover)).isEqualTo(Hex.of(Hex.bytes(DISCOVER)));
        assertThat(emitted(ack)).isEqualTo(Hex.of(Hex.bytes(ACK)));
    }

    static String emitted(DhcpRepr repr) {
        byte[] buffer = new byte[repr.bufferLength() + 7];
        Arrays.fill(buffer, (byte) 0xa5);
        DhcpMessage view = new DhcpMessage().wrap(MemorySegment.ofArray(buffer), 0, buffer.length);
        repr.emit(view);
        assertThat(view.length()).isEqualTo(repr.bufferLength());
        return Hex.of(Arrays.copyOf(buffer, repr.bufferLength()));
    }

    @Test
    void emitsNamesAndALongMessageWithoutPadding() {
        List<DhcpOption> options = new ArrayList<>();
        options.add(DhcpOption.ofU8(DhcpOptionsIterator.MESSAGE_TYPE, DhcpMessage.OFFER));
        options.add(new DhcpOption(DhcpOptionsIterator.DOMAIN_NAME, new byte[100]));
        DhcpRepr repr = new DhcpRepr(DhcpMessage.BOOT_REPLY, 1, 6, 0, 7, 0, 0, 0, 0, 0, 0,
            DhcpRepr.chaddrOf(CLIENT_MAC), "router", "pxelinux.0", options);

        assertThat(repr.bufferLength()).isEqualTo(240 + 3 + 102 + 1);
        byte[] buffer = new byte[repr.bufferLength()];
        DhcpMessage view = new DhcpMessage().wrap(MemorySegment.ofArray(buffer), 0, buffer.length);
        repr.emit(view);
        assertThat(view.serverNameOctet(0)).isEqualTo('r');
        assertThat(view.serverNameOctet(6)).isZero();
        assertThat(view.bootFileOctet(0)).isEqualTo('p');
        assertThat(DhcpRepr.parse(view)).isEqualTo(repr);
    }

    @Test
    void readsOverloadedFileAndServerNameAfterTheOptionsField() {
        DhcpMessage m = checked(OVERLOADED);

        assertThat(walk(m)).containsExactly(
            new Seen(DhcpOptionsIterator.MESSAGE_TYPE, "03", false),
            new Seen(DhcpOptionsIterator.OVERLOAD, "03", false),
            new Seen(DhcpOptionsIterator.HOST_NAME, "616263", true),
            new Seen(DhcpOptionsIterator.REQUESTED_ADDRESS, "0a00010a", true),
            new Seen(DhcpOptionsIterator.CLIENT_IDENTIFIER, "01525400123456", true));
        DhcpOptionsIterator options = new DhcpOptionsIterator().reset(m);
        assertThat(options.find(DhcpOptionsIterator.CLIENT_IDENTIFIER)).isTrue();
        assertThat(options.overload()).isEqualTo(3);
        assertThat(options.optionOffset()).isEqualTo(DhcpMessage.SERVER_NAME);

        DhcpRepr repr = DhcpRepr.parse(m);
        assertThat(repr.serverName()).as("sname holds options, not a name").isEmpty();
        assertThat(repr.bootFile()).isEmpty();
        assertThat(repr.options()).extracting(DhcpOption::code).containsExactly(53, 12, 50, 61);
        assertThat(repr.messageType()).isEqualTo(DhcpMessage.REQUEST);
        // Emitted without overload, the same record comes back.
        byte[] buffer = new byte[repr.bufferLength()];
        DhcpMessage emitted = new DhcpMessage().wrap(MemorySegment.ofArray(buffer), 0, buffer.length);
        repr.emit(emitted);
        assertThat(DhcpRepr.parse(emitted)).isEqualTo(repr);
    }

    @Test
    void readsFileOnlyOrServerNameOnlyOverload() {
        DhcpMessage m = message(OVERLOADED);
        m.segment().set(ValueLayout.JAVA_BYTE, 245, (byte) 1);
        assertThat(m.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(walk(m)).extracting(Seen::code).containsExactly(53, 52, 12, 50);
        assertThat(DhcpRepr.parse(m).serverName()).as("sname read as a name: its first octet is 0x3d")
            .startsWith("=");

        m.segment().set(ValueLayout.JAVA_BYTE, 245, (byte) 2);
        assertThat(m.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(walk(m)).extracting(Seen::code).containsExactly(53, 52, 61);
        assertThat(DhcpRepr.parse(m).bootFile()).isEqualTo("\f\u0003abc");
    }

    @Test
    void everyPrefixOfTheVectorIsRejected() {
        MemorySegment bytes = Hex.segment(DISCOVER);
        for (int n = 0; n <= bytes.byteSize(); n++) {
            // A slice of exactly n bytes: an accessor reading past the window throws instead of passing.
            DhcpMessage m = new DhcpMessage().wrap(bytes.asSlice(0, n), 0, n);
            WireStatus expected = n < DhcpMessage.MIN_LENGTH ? WireStatus.TRUNCATED
                : n <= DISCOVER_END ? WireStatus.BAD_OPTION : WireStatus.OK;
            assertThat(m.checkLength()).as("prefix of %d bytes", n).isEqualTo(expected);
            if (expected != WireStatus.OK) {
                assertThatThrownBy(() -> DhcpRepr.parse(m)).isInstanceOfSatisfying(MalformedPacketException.class,
                    e -> assertThat(e.status()).isEqualTo(expected));
            }
        }
    }

    @Test
    void everyPrefixOfTheOverloadedVectorIsRejected() {
        MemorySegment bytes = Hex.segment(OVERLOADED);
        for (int n = 0; n < bytes.byteSize(); n++) {
            DhcpMessage m = new DhcpMessage().wrap(bytes.asSlice(0, n), 0, n);
            assertThat(m.checkLength()).as("prefix of %d bytes", n)
                .isEqualTo(n < DhcpMessage.MIN_LENGTH ? WireStatus.TRUNCATED : WireStatus.BAD_OPTION);
        }
    }

    private static WireStatus withByte(String vector, int at, int value) {
        DhcpMessage m = message(vector);
        m.segment().set(ValueLayout.JAVA_BYTE, at, (byte) value);
        return m.checkLength();
    }

    @Test
    void rejectsAnOpThatIsNeitherRequestNorReply() {
        assertThat(withByte(DISCOVER, DhcpMessage.OP, 0)).isEqualTo(WireStatus.BAD_FIELD);
        assertThat(withByte(DISCOVER, DhcpMessage.OP, 3)).isEqualTo(WireStatus.BAD_FIELD);
    }

    @Test
    void rejectsAHardwareLengthBeyondChaddr() {
        assertThat(withByte(DISCOVER, DhcpMessage.HARDWARE_LENGTH, 16)).isEqualTo(WireStatus.OK);
        assertThat(withByte(DISCOVER, DhcpMessage.HARDWARE_LENGTH, 17)).isEqualTo(WireStatus.BAD_FIELD);
    }

    @Test
    void rejectsAMessageWithoutTheMagicCookie() {
        // Plain BOOTP with an RFC 951 vendor area: not DHCP.
        assertThat(withByte(DISCOVER, DhcpMessage.MAGIC_COOKIE + 3, 0x64)).isEqualTo(WireStatus.BAD_FIELD);
    }

    @Test
    void rejectsAnOptionWhoseDataRunsPastTheEnd() {
        // The parameter request list (at 257) claims 64 octets: 259 + 64 is beyond the 300 of the message.
        DhcpMessage m = message(DISCOVER);
        m.segment().set(ValueLayout.JAVA_BYTE, 258, (byte) 64);
        assertThat(m.checkLength()).isEqualTo(WireStatus.BAD_OPTION);
        DhcpOptionsIterator options = new DhcpOptionsIterator().reset(m);
        while (options.next()) {
            assertThat(options.code()).as("never returned").isNotEqualTo(DhcpOptionsIterator.PARAMETER_REQUEST_LIST);
        }
        assertThat(options.status()).isEqualTo(WireStatus.BAD_OPTION);
        assertThat(options.optionOffset()).as("points at the bad option").isEqualTo(257);
        assertThat(options.next()).as("stays stopped").isFalse();
    }

    @Test
    void rejectsAnOptionWhoseDataSwallowsTheEnd() {
        // 14 octets where 13 and the end follow: the end becomes data and none is left.
        assertThat(withByte(DISCOVER, 258, 14)).isEqualTo(WireStatus.BAD_OPTION);
    }

    @Test
    void rejectsAnOptionCodeWithoutItsLengthOctet() {
        // Replace the end with option 12 as the very last octet of the message.
        MemorySegment bytes = Hex.segment(DISCOVER);
        bytes.set(ValueLayout.JAVA_BYTE, DISCOVER_END, (byte) 12);
        DhcpMessage m = new DhcpMessage().wrap(bytes, 0, DISCOVER_END + 1);
        assertThat(m.checkLength()).isEqualTo(WireStatus.BAD_OPTION);
    }

    @Test
    void rejectsAnOptionsFieldWithoutEnd() {
        // The end becomes a pad: the padding runs to the end of the message with no end option.
        assertThat(withByte(DISCOVER, DISCOVER_END, 0)).isEqualTo(WireStatus.BAD_OPTION);
    }

    @Test
    void rejectsAnOverloadOfAnotherLength() {
        // Overload option with length 2: its value octet would be followed by another.
        String vector = OVERLOADED.replace("34 01 03", "34 02 03 00");
        assertThat(vector).isNotEqualTo(OVERLOADED);
        assertThat(message(vector).checkLength()).isEqualTo(WireStatus.BAD_OPTION);
    }

    @Test
    void rejectsAnOverloadValueOutsideOneToThree() {
        assertThat(withByte(OVERLOADED, 245, 0)).isEqualTo(WireStatus.BAD_OPTION);
        assertThat(withByte(OVERLOADED, 245, 4)).isEqualTo(WireStatus.BAD_OPTION);
    }

    @Test
    void rejectsASecondOverload() {
        String vector = OVERLOADED.replace("34 01 03", "34 01 03 34 01 03");
        assertThat(vector).isNotEqualTo(OVERLOADED);
        assertThat(message(vector).checkLength()).isEqualTo(WireStatus.BAD_OPTION);
    }

    @Test
    void rejectsAnOverloadInsideAnOverloadedField() {
        // The host name in file becomes an overload and two pads.
        String vector = OVERLOADED.replace("0c 03 61 62 63", "34 01 01 00 00");
        assertThat(vector).isNotEqualTo(OVERLOADED);
        assertThat(message(vector).checkLength()).isEqualTo(WireStatus.BAD_OPTION);
    }

    @Test
    void rejectsAnOverloadedFieldWithoutEnd() {
        // file's end (offset 108 + 12) becomes a pad: file ends without an end option.
        assertThat(withByte(OVERLOADED, DhcpMessage.BOOT_FILE + 12, 0)).isEqualTo(WireStatus.BAD_OPTION);
        // sname's end (offset 44 + 9) likewise.
        assertThat(withByte(OVERLOADED, DhcpMessage.SERVER_NAME + 9, 0)).isEqualTo(WireStatus.BAD_OPTION);
    }

    @Test
    void rejectsAnOverloadedOptionRunningPastItsField() {
        // The client identifier in sname claims 63 octets: past the 64 octets of sname, though the message goes on.
        assertThat(withByte(OVERLOADED, DhcpMessage.SERVER_NAME + 1, 0x3f)).isEqualTo(WireStatus.BAD_OPTION);
        assertThat(withByte(OVERLOADED, DhcpMessage.SERVER_NAME + 1, 0x3e)).as("exactly to the field's end, no end")
            .isEqualTo(WireStatus.BAD_OPTION);
    }

    @Test
    void aMessageWithoutAMessageTypeIsBootp() {
        DhcpMessage m = message(DISCOVER);
        m.segment().set(ValueLayout.JAVA_BYTE, 240, (byte) 0x36); // 53 becomes 54
        assertThat(m.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(m.messageType()).isZero();
        m.segment().set(ValueLayout.JAVA_BYTE, 240, (byte) 0x35);
        m.segment().set(ValueLayout.JAVA_BYTE, 241, (byte) 0x00); // type of length 0
        m.segment().set(ValueLayout.JAVA_BYTE, 242, (byte) 0x00); // and a pad
        assertThat(m.checkLength()).isEqualTo(WireStatus.OK);
        assertThat(m.messageType()).isZero();
    }

    @Test
    void writerKeepsRoomForTheEndAndRespectsTheLimit() {
        MemorySegment buffer = MemorySegment.ofArray(new byte[600]);
        DhcpMessage m = new DhcpMessage().wrap(buffer, 0, 600);
        DhcpOptionsWriter options = new DhcpOptionsWriter().reset(m, 250);

        assertThat(options.remaining()).isEqualTo(9);
        assertThat(options.putBytes(DhcpOptionsIterator.HOST_NAME, new byte[8])).as("10 octets, 9 left").isFalse();
        assertThat(options.remaining()).as("nothing written").isEqualTo(9);
        assertThat(options.putBytes(DhcpOptionsIterator.HOST_NAME, new byte[7])).isTrue();
        assertThat(options.remaining()).isZero();
        assertThat(options.putU8(DhcpOptionsIterator.MESSAGE_TYPE, 1)).isFalse();
        assertThat(options.finish()).as("padded only to the limit").isEqualTo(250);
        assertThat(buffer.get(ValueLayout.JAVA_BYTE, 249)).isEqualTo((byte) 0xff);
    }

    @Test
    void writerRefusesMisuse() {
        DhcpMessage m = new DhcpMessage().wrap(MemorySegment.ofArray(new byte[300]), 0, 300);
        DhcpOptionsWriter options = new DhcpOptionsWriter().reset(m);
        assertThatThrownBy(() -> options.begin(DhcpOptionsIterator.PAD, 0)).isInstanceOf(
            IllegalArgumentException.class);
        assertThatThrownBy(() -> options.begin(DhcpOptionsIterator.END, 0)).isInstanceOf(
            IllegalArgumentException.class);
        assertThatThrownBy(() -> options.begin(12, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThat(options.begin(DhcpOptionsIterator.ROUTER, 4)).isTrue();
        options.u16(1);
        assertThatThrownBy(options::finish).isInstanceOf(IllegalStateException.class);
        options.u16(2);
        assertThatThrownBy(() -> options.u8(3)).isInstanceOf(IllegalStateException.class);
        assertThat(options.finish()).isEqualTo(300);
        DhcpMessage small = new DhcpMessage().wrap(MemorySegment.ofArray(new byte[239]), 0, 239);
        assertThatThrownBy(() -> new DhcpOptionsWriter().reset(small)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reprRejectsValuesTheWireCannotCarry() {
        byte[] chaddr = DhcpRepr.chaddrOf(CLIENT_MAC);
        List<DhcpOption> none = List.of();
        assertThatThrownBy(() -> new DhcpRepr(3, 1, 6, 0, 0, 0, 0, 0, 0, 0, 0, chaddr, "", "", none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DhcpRepr(1, 1, 17, 0, 0, 0, 0, 0, 0, 0, 0, chaddr, "", "", none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DhcpRepr(1, 1, 6, 256, 0, 0, 0, 0, 0, 0, 0, chaddr, "", "", none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DhcpRepr(1, 1, 6, 0, 0, 0x10000, 0, 0, 0, 0, 0, chaddr, "", "", none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DhcpRepr(1, 1, 6, 0, 0, 0, 0, 0, 0, 0, 0, new byte[6], "", "", none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DhcpRepr(1, 1, 6, 0, 0, 0, 0, 0, 0, 0, 0, chaddr, "x".repeat(65), "", none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DhcpRepr(1, 1, 6, 0, 0, 0, 0, 0, 0, 0, 0, chaddr, "", "a\0b", none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DhcpRepr(1, 1, 6, 0, 0, 0, 0, 0, 0, 0, 0, chaddr, "", "",
            List.of(DhcpOption.ofU8(DhcpOptionsIterator.OVERLOAD, 1)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DhcpOption(0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DhcpOption(255, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DhcpOption(12, new byte[256])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DhcpOption.ofU16(57, 0x10000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void optionValuesReadBackTheirIntegers() {
        assertThat(DhcpOption.ofU16(DhcpOptionsIterator.INTERFACE_MTU, 1400).u16(0)).isEqualTo(1400);
        assertThat(DhcpOption.ofU32(DhcpOptionsIterator.LEASE_TIME, -1).u32(0)).isEqualTo(-1);
        assertThat(DhcpOption.ofAddresses(DhcpOptionsIterator.ROUTER, List.of(1, 0xc0a80001)).addresses())
            .containsExactly(1, 0xc0a80001);
        assertThat(DhcpOption.ofU8(53, 1)).isEqualTo(new DhcpOption(53, new byte[] {1}))
            .hasSameHashCodeAs(new DhcpOption(53, new byte[] {1}));
        assertThat(DhcpOption.ofU8(53, 1).toString()).isEqualTo("DhcpOption[53=01]");
    }
}
