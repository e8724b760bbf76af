package io.isthmus.wire;

import java.util.Arrays;
import java.util.List;

/**
 * One DHCP option (RFC 2132) as a value: its code and data octets. Pad and end are framing, not options, and have
 * no value of this type.
 *
 * @param code the option code, 1..254 ({@link DhcpOptionsIterator} names those this project uses)
 * @param data the option's data, at most 255 octets
 */
public record DhcpOption(int code, byte[] data) {
    /** Checks the code and length and copies the data. */
    public DhcpOption {
        if (code <= DhcpOptionsIterator.PAD || code >= DhcpOptionsIterator.END) {
            throw new IllegalArgumentException("DHCP option code must be 1..254: " + code);
        }
        data = ReprBytes.copy("data", data, 255);
    }

    /** An option of one octet. */
    public static DhcpOption ofU8(int code, int value) {
        return new DhcpOption(code, new byte[] {(byte) ReprBytes.range("value", value, 0xff)});
    }

    /** An option of 16 big-endian bits. */
    public static DhcpOption ofU16(int code, int value) {
        ReprBytes.range("value", value, 0xffff);
        return new DhcpOption(code, new byte[] {(byte) (value >>> 8), (byte) value});
    }

    /** An option of 32 big-endian bits: an address or a time. */
    public static DhcpOption ofU32(int code, int value) {
        return new DhcpOption(code, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
            (byte) value});
    }

    /** An option holding a list of addresses (routers, name servers), in order. */
    public static DhcpOption ofAddresses(int code, List<Integer> addresses) {
        byte[] data = new byte[4 * addresses.size()];
        for (int i = 0; i < addresses.size(); i++) {
            int a = addresses.get(i);
            data[4 * i] = (byte) (a >>> 24);
            data[4 * i + 1] = (byte) (a >>> 16);
            data[4 * i + 2] = (byte) (a >>> 8);
            data[4 * i + 3] = (byte) a;
        }
        return new DhcpOption(code, data);
    }

    /** The data octets (a copy). */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Number of data octets. */
    public int length() {
        return data.length;
    }

    /** Octet {@code index} of the data. */
    public int u8(int index) {
        return data[index] & 0xff;
    }

    /** Big-endian 16 bits at {@code index} of the data. */
    public int u16(int index) {
        return (u8(index) << 8) | u8(index + 1);
    }

    /** Big-endian 32 bits at {@code index} of the data. */
    public int u32(int index) {
        return (u16(index) << 16) | u16(index + 2);
    }

    /** The data read as addresses, 4 octets each; a trailing partial address is ignored. */
    public List<Integer> addresses() {
        Integer[] out = new Integer[data.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = u32(4 * i);
        }
        return List.of(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpOption that && code == that.code && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return code * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "DhcpOption[" + code + "=" + ReprBytes.hex(data) + "]";
    }
}
