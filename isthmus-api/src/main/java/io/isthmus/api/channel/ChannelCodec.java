package io.isthmus.api.channel;

import com.google.protobuf.ByteString;
import io.isthmus.wire.Ipv6Address;
import io.isthmus.wire.Ipv6Prefix;
import java.nio.ByteBuffer;

/**
 * Conversions between the agent channel's wire forms (16 address bytes in network order) and
 * {@link Ipv6Address} / {@link Ipv6Prefix}.
 */
public final class ChannelCodec {
    private ChannelCodec() {
    }

    /** {@return the 16 bytes of {@code high:low}} */
    public static ByteString address(long high, long low) {
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(high).putLong(low).flip());
    }

    /**
     * {@return the address in 16 bytes}
     *
     * @throws IllegalArgumentException unless there are exactly 16 bytes
     */
    public static Ipv6Address address(ByteString bytes) {
        if (bytes.size() != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + bytes.size());
        }
        ByteBuffer b = bytes.asReadOnlyByteBuffer();
        return new Ipv6Address(b.getLong(), b.getLong());
    }

    /** {@return the message form of {@code prefix}} */
    public static io.isthmus.api.channel.v1.Ipv6Prefix prefix(Ipv6Prefix prefix) {
        return io.isthmus.api.channel.v1.Ipv6Prefix.newBuilder()
            .setAddress(address(prefix.high(), prefix.low())).setLength(prefix.length()).build();
    }

    /**
     * {@return the prefix of a message}
     *
     * @throws IllegalArgumentException if the address is not 16 bytes, the length is out of range or host bits are
     *     set
     */
    public static Ipv6Prefix prefix(io.isthmus.api.channel.v1.Ipv6Prefix message) {
        Ipv6Address a = address(message.getAddress());
        return new Ipv6Prefix(a.high(), a.low(), message.getLength());
    }
}
