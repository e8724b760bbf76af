package io.isthmus.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A DHCP message (RFC 2131 section 2) as values: the BOOTP header fields and the options in the order they came.
 * The magic cookie, pad and end options are framing; the option overload (RFC 2132 section 9.3) is resolved by
 * {@link #parse}: options carried in {@code file} or {@code sname} join the list (after those of the options
 * field, as the RFC orders them), the overload option itself is left out and the overloaded fields read as empty
 * names. {@link #emit} writes every option in the options field and never overloads.
 *
 * @param op {@link DhcpMessage#BOOT_REQUEST} or {@link DhcpMessage#BOOT_REPLY}
 * @param hardwareType {@code htype}, 0..255 (1: Ethernet)
 * @param hardwareLength {@code hlen}, 0..16
 * @param hops {@code hops}, 0..255
 * @param transactionId {@code xid}
 * @param seconds {@code secs}, 0..65535
 * @param flags {@code flags}, 0..65535 ({@link DhcpMessage#BROADCAST_FLAG})
 * @param clientAddress {@code ciaddr}
 * @param yourAddress {@code yiaddr}
 * @param serverAddress {@code siaddr}
 * @param relayAgentAddress {@code giaddr}
 * @param clientHardwareAddress {@code chaddr}, all 16 octets
 * @param serverName {@code sname} up to its first NUL, ISO 8859-1, at most 64 characters and no NUL
 * @param bootFile {@code file} up to its first NUL, ISO 8859-1, at most 128 characters and no NUL
 * @param options every option but pad, end and overload, in order (a code may repeat)
 */
public record DhcpRepr(int op, int hardwareType, int hardwareLength, int hops, int transactionId, int seconds,
                       int flags, int clientAddress, int yourAddress, int serverAddress, int relayAgentAddress,
                       byte[] clientHardwareAddress, String serverName, String bootFile, List<DhcpOption> options) {

    /** Checks every field's range and copies the arrays and the list. */
    public DhcpRepr {
        if (op != DhcpMessage.BOOT_REQUEST && op != DhcpMessage.BOOT_REPLY) {
            throw new IllegalArgumentException("op must be 1 (request) or 2 (reply): " + op);
        }
        ReprBytes.range("hardwareType", hardwareType, 0xff);
        ReprBytes.range("hardwareLength", hardwareLength, DhcpMessage.CLIENT_HARDWARE_ADDRESS_LENGTH);
        ReprBytes.range("hops", hops, 0xff);
        ReprBytes.range("seconds", seconds, 0xffff);
        ReprBytes.range("flags", flags, 0xffff);
        if (clientHardwareAddress == null
            || clientHardwareAddress.length != DhcpMessage.CLIENT_HARDWARE_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("chaddr must be 16 octets");
        }
        clientHardwareAddress = clientHardwareAddress.clone();
        checkName("serverName", serverName, DhcpMessage.SERVER_NAME_LENGTH);
        checkName("bootFile", bootFile, DhcpMessage.BOOT_FILE_LENGTH);
        options = List.copyOf(options);
        for (DhcpOption option : options) {
            if (option.code() == DhcpOptionsIterator.OVERLOAD) {
                throw new IllegalArgumentException("the option overload is framing, not an option of the record");
            }
        }
    }

    private static void checkName(String name, String value, int max) {
        if (value.length() > max) {
            throw new IllegalArgumentException(name + " is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c > 0xff) {
                throw new IllegalArgumentException(name + " must be ISO 8859-1 without NUL");
            }
        }
    }

    /** The 16 octets of a {@code chaddr} holding {@code mac} (the rest zero). */
    public static byte[] chaddrOf(long mac) {
        byte[] chaddr = new byte[DhcpMessage.CLIENT_HARDWARE_ADDRESS_LENGTH];
        for (int i = 0; i < MacAddress.LENGTH; i++) {
            chaddr[i] = (byte) MacAddress.octet(mac, i);
        }
        return chaddr;
    }

    /**
     * Reads {@code message} after checking it.
     *
     * @throws MalformedPacketException when {@link DhcpMessage#checkLength()} rejects the message
     */
    public static DhcpRepr parse(DhcpMessage message) {
        MalformedPacketException.requireOk(message.checkLength(), "DHCP message");
        DhcpOptionsIterator walk = new DhcpOptionsIterator().reset(message);
        List<DhcpOption> options = new ArrayList<>();
        while (walk.next()) {
            if (walk.code() != DhcpOptionsIterator.OVERLOAD) {
                options.add(new DhcpOption(walk.code(),
                    ReprBytes.read(message, walk.dataOffset(), walk.dataOffset() + walk.dataLength())));
            }
        }
        int overload = walk.overload();
        String serverName = (overload & DhcpOptionsIterator.OVERLOAD_SERVER_NAME) != 0 ? ""
            : name(message, DhcpMessage.SERVER_NAME, DhcpMessage.SERVER_NAME_LENGTH);
        String bootFile = (overload & DhcpOptionsIterator.OVERLOAD_FILE) != 0 ? ""
            : name(message, DhcpMessage.BOOT_FILE, DhcpMessage.BOOT_FILE_LENGTH);
        return new DhcpRepr(message.op(), message.hardwareType(), message.hardwareLength(), message.hops(),
            message.transactionId(), message.seconds(), message.flags(), message.clientAddress(),
            message.yourAddress(), message.serverAddress(), message.relayAgentAddress(),
            ReprBytes.read(message, DhcpMessage.CLIENT_HARDWARE_ADDRESS,
                DhcpMessage.CLIENT_HARDWARE_ADDRESS + DhcpMessage.CLIENT_HARDWARE_ADDRESS_LENGTH),
            serverName, bootFile, options);
    }

    private static String name(DhcpMessage message, int at, int max) {
        byte[] bytes = ReprBytes.read(message, at, at + max);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** {@code chaddr} (a copy). */
    @Override
    public byte[] clientHardwareAddress() {
        return clientHardwareAddress.clone();
    }

    /** The first six octets of {@code chaddr} as a MAC-48 (the client's MAC on Ethernet). */
    public long clientMac() {
        long mac = 0;
        for (int i = 0; i < MacAddress.LENGTH; i++) {
            mac = (mac << 8) | (clientHardwareAddress[i] & 0xff);
        }
        return mac;
    }

    /** The first option with {@code code}. */
    public Optional<DhcpOption> option(int code) {
        return options.stream().filter(o -> o.code() == code).findFirst();
    }

    /** The DHCP message type (option 53), or 0 when it is missing or not one octet. */
    public int messageType() {
        return option(DhcpOptionsIterator.MESSAGE_TYPE).filter(o -> o.length() == 1).map(o -> o.u8(0)).orElse(0);
    }

    /**
     * Number of bytes {@link #emit} writes: the header, cookie, options and end option, padded to
     * {@link DhcpMessage#MIN_BOOTP_LENGTH}.
     */
    public int bufferLength() {
        int length = DhcpMessage.OPTIONS + 1;
        for (DhcpOption option : options) {
            length += 2 + option.length();
        }
        return Math.max(length, DhcpMessage.MIN_BOOTP_LENGTH);
    }

    /**
     * Writes the whole message into {@code message}, whose window must hold at least {@link #bufferLength()} bytes
     * and is shortened to exactly that.
     */
    public void emit(DhcpMessage message) {
        ReprBytes.fit(message, bufferLength(), "DHCP message");
        message.setOp(op);
        message.setHardwareType(hardwareType);
        message.setHardwareLength(hardwareLength);
        message.setHops(hops);
        message.setTransactionId(transactionId);
        message.setSeconds(seconds);
        message.setFlags(flags);
        message.setClientAddress(clientAddress);
        message.setYourAddress(yourAddress);
        message.setServerAddress(serverAddress);
        message.setRelayAgentAddress(relayAgentAddress);
        ReprBytes.write(message, DhcpMessage.CLIENT_HARDWARE_ADDRESS, clientHardwareAddress);
        message.clearServerNameAndBootFile();
        ReprBytes.write(message, DhcpMessage.SERVER_NAME, serverName.getBytes(StandardCharsets.ISO_8859_1));
        ReprBytes.write(message, DhcpMessage.BOOT_FILE, bootFile.getBytes(StandardCharsets.ISO_8859_1));
        message.setMagicCookie();
        DhcpOptionsWriter writer = new DhcpOptionsWriter().reset(message);
        for (DhcpOption option : options) {
            writer.putBytes(option.code(), option.data());
        }
        writer.finish();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpRepr that && op == that.op && hardwareType == that.hardwareType
            && hardwareLength == that.hardwareLength && hops == that.hops && transactionId == that.transactionId
            && seconds == that.seconds && flags == that.flags && clientAddress == that.clientAddress
            && yourAddress == that.yourAddress && serverAddress == that.serverAddress
            && relayAgentAddress == that.relayAgentAddress
            && Arrays.equals(clientHardwareAddress, that.clientHardwareAddress)
            && serverName.equals(that.serverName) && bootFile.equals(that.bootFile) && options.equals(that.options);
    }

    @Override
    public int hashCode() {
        int h = op;
        for (int v : new int[] {hardwareType, hardwareLength, hops, transactionId, seconds, flags, clientAddress,
            yourAddress, serverAddress, relayAgentAddress}) {
            h = h * 31 + v;
        }
        return ((h * 31 + Arrays.hashCode(clientHardwareAddress)) * 31 + serverName.hashCode()) * 31
            + bootFile.hashCode() * 31 + options.hashCode();
    }

    @Override
    public String toString() {
        return "DhcpRepr[op=" + op + ", htype=" + hardwareType + ", hlen=" + hardwareLength + ", hops=" + hops
            + ", xid=" + Integer.toHexString(transactionId) + ", secs=" + seconds + ", flags="
            + Integer.toHexString(flags) + ", ciaddr=" + Ipv4Address.format(clientAddress) + ", yiaddr="
            + Ipv4Address.format(yourAddress) + ", siaddr=" + Ipv4Address.format(serverAddress) + ", giaddr="
            + Ipv4Address.format(relayAgentAddress) + ", chaddr=" + ReprBytes.hex(clientHardwareAddress)
            + ", sname=" + serverName + ", file=" + bootFile + ", options=" + options + "]";
    }
}
