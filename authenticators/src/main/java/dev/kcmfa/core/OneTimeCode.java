package dev.kcmfa.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import org.keycloak.common.util.Time;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A code sent to the user (by email, SMS or a voice call), kept in an authentication-session note as a salted SHA-256 hash with
 * its expiry, so the login can finish on any cluster node and the note never holds the code itself. Checked in
 * constant time; single-use because a match or a new code replaces the note.
 */
public final class OneTimeCode {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String salt;
    private final String hash;
    private final long expiresAt;
    private final long sentAt;
    private final int sends;

    private OneTimeCode(String salt, String hash, long expiresAt, long sentAt, int sends) {
        this.salt = salt;
        this.hash = hash;
        this.expiresAt = expiresAt;
        this.sentAt = sentAt;
        this.sends = sends;
    }

    /** A fresh code of {@code digits} digits, uniformly random. */
    public static String generate(int digits) {
        StringBuilder code = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            code.append(RANDOM.nextInt(10));
        }
        return code.toString();
    }

    /** A random key for a link, URL-safe, of {@code bytes} random bytes. */
    public static String generateKey(int bytes) {
        byte[] key = new byte[bytes];
        RANDOM.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    /** Unsalted SHA-256, Base64url: names a random token in a store without keeping the token itself. */
    public static String fingerprint(String token) {
        return hash("", token).replace('+', '-').replace('/', '_').replace("=", "");
    }

    /** Stores a new code in the note, replacing (and so invalidating) the one before. */
    public static void store(AuthenticationSessionModel authSession, String note, String code, long ttlSeconds,
                             int sends) {
        byte[] saltBytes = new byte[16];
        RANDOM.nextBytes(saltBytes);
        String salt = Base64.getEncoder().encodeToString(saltBytes);
        long now = Time.currentTime();
        authSession.setAuthNote(note, String.join(":", salt, hash(salt, code), Long.toString(now + ttlSeconds),
                Long.toString(now), Integer.toString(sends)));
    }

    public static Optional<OneTimeCode> read(AuthenticationSessionModel authSession, String note) {
        String stored = authSession.getAuthNote(note);
        String[] parts = stored == null ? new String[0] : stored.split(":");
        if (parts.length != 5) {
            return Optional.empty();
        }
        return Optional.of(new OneTimeCode(parts[0], parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]),
                Integer.parseInt(parts[4])));
    }

    public boolean expired() {
        return Time.currentTime() >= expiresAt;
    }

    public boolean matches(String candidate) {
        return MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                hash(salt, candidate).getBytes(StandardCharsets.US_ASCII));
    }

    public long secondsSinceSent() {
        return Time.currentTime() - sentAt;
    }

    /** How many codes this login has sent so far. */
    public int sends() {
        return sends;
    }

    private static String hash(String salt, String code) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha256.digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
