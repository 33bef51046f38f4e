package io.bulwark.webhook.signature;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 as every signed scheme uses it: computed over raw bytes, compared in constant time. */
final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int LENGTH = 32;

    private HmacSha256() {
    }

    /** The MAC of the parts, concatenated as bytes so that a body is never decoded or re-encoded. */
    static byte[] compute(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256, so this is a broken runtime, not a bad request.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether a received MAC equals the expected one, taking the same time wherever they differ. */
    static boolean matches(byte[] expected, byte[] received) {
        return MessageDigest.isEqual(expected, received);
    }

    /** A received MAC in hex, either case; empty when it is not 64 hex digits. */
    static Optional<byte[]> fromHex(String hex) {
        try {
            return ofMacLength(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A received MAC in base64; empty when it is not the base64 of 32 bytes. */
    static Optional<byte[]> fromBase64(String base64) {
        try {
            return ofMacLength(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> ofMacLength(byte[] mac) {
        return mac.length == LENGTH ? Optional.of(mac) : Optional.empty();
    }
}
