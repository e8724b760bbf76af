package io.isthmus.routing.rip;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes the RIPv2 messages of one port with its {@link RipAuthentication}: {@link #decode} checks the
 * header, the authentication (password, or keyed-MD5 key id, layout and digest) and every entry; {@link #encode}
 * writes a message with the authentication entry and, for keyed MD5, the trailer with the digest. The replay check
 * on the sequence number needs the neighbour's history and is the port's. Not thread-safe; one buffer is reused for
 * every message written.
 */
public final class RipCodec {
    /** What {@link #decode} makes of a message. */
    public sealed interface Result {
    }

    /** A message that passed the checks. */
    public record Accepted(RipMessage message) implements Result {
    }

    /** A message dropped, and why. */
    public record Rejected(RipError error) implements Result {
    }

    private final RipAuthentication authentication;
    private final MessageDigest md5;
    private final RipPacket view = new RipPacket();
    private final ByteBuffer out = ByteBuffer.allocate(RipPacket.MAX_LENGTH);
    private final byte[] digest = new byte[RipPacket.KEY_LENGTH];

    /** A codec with {@code authentication}. */
    public RipCodec(RipAuthentication authentication) {
        this.authentication = Objects.requireNonNull(authentication, "authentication");
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /** The authentication. */
    public RipAuthentication authentication() {
        return authentication;
    }

    /** The most route entries a message holds. */
    public int maxRouteEntries() {
        return authentication.maxRouteEntries();
    }

    /** Checks and reads {@code payload} (a UDP payload, position to limit; not consumed). */
    public Result decode(ByteBuffer payload) {
        view.wrap(payload);
        RipError error = view.checkLength();
        if (error != null) {
            return new Rejected(error);
        }
        if (view.version() == 1) {
            return new Rejected(RipError.VERSION_1);
        }
        if (view.version() != RipPacket.VERSION_2) {
            return new Rejected(RipError.BAD_VERSION);
        }
        int command = view.command();
        if (command != RipPacket.REQUEST && command != RipPacket.RESPONSE) {
            return new Rejected(RipError.BAD_COMMAND);
        }
        boolean authenticated = view.entryCount() > 0 && view.addressFamily(0) == RipPacket.AFI_AUTHENTICATION;
        int first = 0;
        int end = view.entryCount();
        long sequence = -1;
        switch (authentication) {
            case RipAuthentication.None none -> {
                if (authenticated) {
                    return new Rejected(RipError.AUTHENTICATION_UNEXPECTED);
                }
            }
            case RipAuthentication.SimplePassword password -> {
                error = checkPassword(authenticated, password);
                if (error != null) {
                    return new Rejected(error);
                }
                first = 1;
            }
            case RipAuthentication.KeyedMd5 keyed -> {
                error = checkMd5(authenticated, keyed, payload);
                if (error != null) {
                    return new Rejected(error);
                }
                first = 1;
                end = view.entryCount() - 1;
                sequence = view.md5Sequence();
            }
        }
        if (command == RipPacket.REQUEST && end - first == 1 && view.addressFamily(first) == 0
            && view.metric(first) == RipPacket.INFINITY) {
            return new Accepted(new RipMessage(command, List.of(), true, sequence, List.of()));
        }
        List<RipEntry> entries = new ArrayList<>(end - first);
        List<RipError> skipped = new ArrayList<>(0);
        for (int i = first; i < end; i++) {
            RipError entryError = RipEntry.check(view, i);
            if (entryError == null) {
                entries.add(RipEntry.read(view, i));
            } else {
                skipped.add(entryError);
            }
        }
        return new Accepted(new RipMessage(command, entries, false, sequence, skipped));
    }

    private RipError checkPassword(boolean authenticated, RipAuthentication.SimplePassword password) {
        if (!authenticated) {
            return RipError.AUTHENTICATION_MISSING;
        }
        if (view.authenticationType() != RipPacket.AUTH_PASSWORD) {
            return RipError.AUTHENTICATION_TYPE;
        }
        byte[] expected = password.padded();
        int difference = 0;
        for (int i = 0; i < RipPacket.KEY_LENGTH; i++) {
            difference |= expected[i] ^ view.authenticationData(i);
        }
        return difference == 0 ? null : RipError.PASSWORD_MISMATCH;
    }

    /**
     * RFC 2082 section 3.2.2 and RFC 4822 section 3.2.2: the packet length points at the trailer, which ends the
     * message; the digest is MD5 over the message up to the trailer's digest, followed by the key padded to 16
     * bytes. The data length is 16 by RFC 2082; BIRD and FRR write 20 (the trailer's header counted), so both pass.
     */
    private RipError checkMd5(boolean authenticated, RipAuthentication.KeyedMd5 keyed, ByteBuffer payload) {
        if (!authenticated) {
            return RipError.AUTHENTICATION_MISSING;
        }
        if (view.authenticationType() != RipPacket.AUTH_KEYED_MD5) {
            return RipError.AUTHENTICATION_TYPE;
        }
        int packetLength = view.md5PacketLength();
        int dataLength = view.md5DataLength();
        if (packetLength != view.length() - RipPacket.TRAILER_LENGTH
            || packetLength < RipPacket.HEADER_LENGTH + RipPacket.ENTRY_LENGTH
            || (dataLength != RipPacket.KEY_LENGTH && dataLength != RipPacket.TRAILER_LENGTH)) {
            return RipError.AUTHENTICATION_LAYOUT;
        }
        int trailer = view.entryCount() - 1;
        if (view.addressFamily(trailer) != RipPacket.AFI_AUTHENTICATION
            || view.routeTag(trailer) != RipPacket.TRAILER_TYPE) {
            return RipError.AUTHENTICATION_LAYOUT;
        }
        if (view.md5KeyId() != keyed.keyId()) {
            return RipError.KEY_ID_MISMATCH;
        }
        int start = payload.position();
        computeDigest(payload, start, packetLength + 4, keyed.padded());
        int difference = 0;
        for (int i = 0; i < RipPacket.KEY_LENGTH; i++) {
            difference |= digest[i] ^ payload.get(start + packetLength + 4 + i);
        }
        return difference == 0 ? null : RipError.DIGEST_MISMATCH;
    }

    private void computeDigest(ByteBuffer buffer, int start, int length, byte[] key) {
        md5.reset();
        md5.update(buffer.slice(start, length));
        md5.update(key);
        try {
            md5.digest(digest, 0, digest.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("an MD5 digest is 16 bytes", e);
        }
    }

    /**
     * Writes {@code message} with this codec's authentication; {@code sequence} is the keyed-MD5 sequence number
     * (ignored otherwise). The answer, position 0 to its limit, is valid until the next call.
     *
     * @throws IllegalArgumentException if the message has more entries than {@link #maxRouteEntries()}
     */
    public ByteBuffer encode(RipMessage message, long sequence) {
        int entries = message.wholeTableRequest() ? 1 : message.entries().size();
        if (entries > maxRouteEntries()) {
            throw new IllegalArgumentException("a message holds at most " + maxRouteEntries() + " entries, had "
                + entries);
        }
        int first = authentication instanceof RipAuthentication.None ? 0 : 1;
        int length = RipPacket.HEADER_LENGTH + (first + entries) * RipPacket.ENTRY_LENGTH;
        int total = length + (authentication instanceof RipAuthentication.KeyedMd5 ? RipPacket.TRAILER_LENGTH : 0);
        out.clear().limit(total);
        view.wrap(out, 0, total);
        view.setHeader(message.command());
        if (message.wholeTableRequest()) {
            view.setEntry(first, 0, 0, 0, 0, 0, RipPacket.INFINITY);
        } else {
            for (int i = 0; i < entries; i++) {
                message.entries().get(i).write(view, first + i);
            }
        }
        switch (authentication) {
            case RipAuthentication.None none -> {
            }
            case RipAuthentication.SimplePassword password -> view.setPassword(password.padded());
            case RipAuthentication.KeyedMd5 keyed -> {
                view.setMd5(length, keyed.keyId(), RipPacket.TRAILER_LENGTH, sequence);
                out.putShort(length, (short) RipPacket.AFI_AUTHENTICATION);
                out.putShort(length + 2, (short) RipPacket.TRAILER_TYPE);
                computeDigest(out, 0, length + 4, keyed.padded());
                out.put(length + 4, digest);
            }
        }
        return out;
    }
}
