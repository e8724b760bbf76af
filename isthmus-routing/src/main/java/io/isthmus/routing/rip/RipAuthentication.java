package io.isthmus.routing.rip;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a RIP port authenticates its messages: not at all, with a simple password (RFC 2453 section 4.1), or with
 * keyed MD5 (RFC 2082, RFC 4822). Both sides of a link must agree.
 */
public sealed interface RipAuthentication {

    /** No authentication: messages that carry some are dropped (RFC 2453 section 4.1). */
    None NONE = new None();

    /** The most route entries a message holds with this authentication. */
    int maxRouteEntries();

    /** No authentication. */
    record None() implements RipAuthentication {
        @Override
        public int maxRouteEntries() {
            return RipPacket.MAX_ENTRIES;
        }
    }

    /**
     * A clear-text password in the first entry.
     *
     * @param password up to 16 ASCII characters
     */
    record SimplePassword(String password) implements RipAuthentication {
        /** Rejects a password that is empty or longer than 16 bytes. */
        public SimplePassword {
            checkKey(password);
        }

        /** The password padded with zeros to 16 bytes. */
        public byte[] padded() {
            return pad(password);
        }

        @Override
        public int maxRouteEntries() {
            return RipPacket.MAX_ENTRIES - 1;
        }

        @Override
        public String toString() {
            return "SimplePassword[***]";
        }
    }

    /**
     * Keyed MD5: an authentication entry with a key id and a sequence number, and a trailer with the MD5 digest of the
     * message followed by the key (RFC 2082 section 3.2.1).
     *
     * @param keyId 0..255, as the peer's key chain numbers the key
     * @param key   up to 16 ASCII characters
     */
    record KeyedMd5(int keyId, String key) implements RipAuthentication {
        /** Rejects a key id beyond one byte and a key that is empty or longer than 16 bytes. */
        public KeyedMd5 {
            if (keyId < 0 || keyId > 255) {
                throw new IllegalArgumentException("a key id is from 0 to 255, was " + keyId);
            }
            checkKey(key);
        }

        /** The key padded with zeros to 16 bytes. */
        public byte[] padded() {
            return pad(key);
        }

        @Override
        public int maxRouteEntries() {
            return RipPacket.MAX_ENTRIES - 2;
        }

        @Override
        public String toString() {
            return "KeyedMd5[keyId=" + keyId + ", key=***]";
        }
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        int length = key.getBytes(StandardCharsets.US_ASCII).length;
        if (key.isEmpty() || length > RipPacket.KEY_LENGTH || !StandardCharsets.US_ASCII.newEncoder().canEncode(key)) {
            throw new IllegalArgumentException("a RIP key is 1 to 16 ASCII characters, was " + length);
        }
    }

    private static byte[] pad(String key) {
        return Arrays.copyOf(key.getBytes(StandardCharsets.US_ASCII), RipPacket.KEY_LENGTH);
    }
}
