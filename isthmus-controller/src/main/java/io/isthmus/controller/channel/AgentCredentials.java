package io.isthmus.controller.channel;

import io.isthmus.api.resource.HostId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Agent credentials: a per-host signed token {@code <hostId>.<base64url(HMAC-SHA256(secret, hostId))>}, where the
 * secret is the controller's, kept in {@value #SECRET_FILE} in its data directory (32 random bytes, created on first
 * start, readable by the owner only). The operator issues a host's token ({@code POST /v1/hosts/{id}/credentials})
 * and installs it on that host; the agent presents it as {@code authorization: Bearer <token>}.
 *
 * <p>Tokens are not stored: any token the secret signed verifies. Replacing the secret file (and restarting) revokes
 * every token at once. Thread-safe.
 */
public final class AgentCredentials {
    /** The name of the secret file in the data directory. */
    public static final String SECRET_FILE = "agent-secret";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private AgentCredentials(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** Credentials signed with {@code secret} (at least 32 bytes), for tests and tools. */
    public static AgentCredentials of(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the agent secret must have at least 32 bytes");
        }
        return new AgentCredentials(secret.clone());
    }

    /**
     * Reads the secret of {@code dataDir}, creating it (mode 0600) on first start.
     *
     * @throws IOException if it cannot be read or created, or holds fewer than 32 bytes
     */
    public static AgentCredentials open(Path dataDir) throws IOException {
        Path file = dataDir.resolve(SECRET_FILE);
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");
        }
        byte[] secret;
        try {
            secret = Base64.getUrlDecoder().decode(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException("agent secret in " + file + " is not base64url", e);
        }
        if (secret.length < 32) {
            throw new IOException("agent secret in " + file + " must hold at least 32 bytes");
        }
        return new AgentCredentials(secret);
    }

    /** {@return the token of {@code host}} */
    public String issue(HostId host) {
        return host.value() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sign(host.value()));
    }

    /**
     * Verifies a presented token, comparing the signature in constant time.
     *
     * @return the host the token names, or empty if the token is malformed or not signed by this secret
     */
    public Optional<HostId> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        HostId host;
        byte[] presented;
        try {
            host = new HostId(token.substring(0, dot));
            presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(sign(host.value()), presented) ? Optional.of(host) : Optional.empty();
    }

    private byte[] sign(String hostId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(hostId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has " + ALGORITHM, e);
        }
    }
}
