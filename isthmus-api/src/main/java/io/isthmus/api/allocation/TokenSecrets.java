package io.isthmus.api.allocation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API token secrets: {@code isthmus_} and 32 random bytes in unpadded base64url (256 bits; the prefix lets secret
 * scanners recognise a leaked token). Only the SHA-256 of a secret is stored; a slow hash is not needed for 256
 * random bits.
 */
public final class TokenSecrets {
    /** The prefix of every secret. */
    public static final String PREFIX = "isthmus_";

    private TokenSecrets() {
    }

    /** A fresh secret. */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of {@code secret} (UTF-8) in lowercase hex, as stored in {@code ApiToken.secretSha256}. */
    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Whether {@code presented} hashes to {@code storedSha256}, compared in constant time. */
    public static boolean matches(String presented, String storedSha256) {
        return MessageDigest.isEqual(sha256(presented).getBytes(StandardCharsets.US_ASCII),
            storedSha256.getBytes(StandardCharsets.US_ASCII));
    }
}
