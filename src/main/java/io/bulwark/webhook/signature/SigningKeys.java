package io.bulwark.webhook.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The HMAC keys a source's deliveries may be signed with, decoded once from its configured secret. A
 * configured value may hold several secrets separated by whitespace, so that a secret can be rotated without
 * losing deliveries: a delivery verifies when it is signed with any one of them.
 *
 * <p>Each secret must be usable for the scheme: for {@link SignatureScheme#STANDARD}, the base64 of a key of 24 to
 * 64 bytes (the lengths Standard Webhooks recommends), optionally prefixed {@code whsec_}; for {@link SignatureScheme#STRIPE},
 * {@link SignatureScheme#GITHUB} and {@link SignatureScheme#HMAC}, any text, used as its UTF-8 bytes. GitHub lets a secret contain spaces (its
 * own documented example does), so for GitHub the whole value is tried as one secret as well.
 */
public final class SigningKeys {

    /** A source that signs nothing ({@link SignatureScheme#NONE}) has no keys. */
    public static final SigningKeys NONE = new SigningKeys(List.of());

    static final int MIN_STANDARD_KEY_BYTES = 24;
    static final int MAX_STANDARD_KEY_BYTES = 64;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String STANDARD_PREFIX = "whsec_";

    private final List<byte[]> keys;

    private SigningKeys(List<byte[]> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * The keys of a source of that scheme configured with that secret; {@link #NONE} for an unsigned source,
     * whatever its secret.
     *
     * @throws IllegalStateException when the secret is missing or blank, or one of its parts cannot be used for
     *                               the scheme; the message says which part and why, never its value
     */
    public static SigningKeys of(SignatureScheme scheme, String configured) {
        if (scheme == SignatureScheme.NONE) {
            return NONE;
        }
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("it is blank");
        }
        String whole = configured.strip();
        String[] secrets = WHITESPACE.split(whole);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < secrets.length; i++) {
            String which = secrets.length == 1 ? "the secret" : "secret " + (i + 1) + " of " + secrets.length;
            keys.add(scheme == SignatureScheme.STANDARD ? standardKey(secrets[i], which) : utf8(secrets[i]));
        }
        if (scheme == SignatureScheme.GITHUB && secrets.length > 1) {
            keys.add(utf8(whole));
        }
        return new SigningKeys(keys);
    }

    /**
     * Whether any of the received MACs is the MAC under any of these keys; each comparison takes the same time
     * wherever the MACs differ.
     *
     * @param macUnderKey the MAC of the signed content under a key
     */
    boolean signedAny(Function<byte[], byte[]> macUnderKey, List<byte[]> received) {
        return keys.stream()
                .map(macUnderKey)
                .anyMatch(expected -> received.stream().anyMatch(mac -> MessageDigest.isEqual(expected, mac)));
    }

    private static byte[] standardKey(String secret, String which) {
        String encoded = secret.startsWith(STANDARD_PREFIX) ? secret.substring(STANDARD_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(which + " is not base64 (after an optional " + STANDARD_PREFIX + " prefix)");
        }
        if (key.length < MIN_STANDARD_KEY_BYTES || key.length > MAX_STANDARD_KEY_BYTES) {
            throw new IllegalStateException(which + " decodes to " + key.length + " bytes; a key has "
                    + MIN_STANDARD_KEY_BYTES + " to " + MAX_STANDARD_KEY_BYTES);
        }
        return key;
    }

    private static byte[] utf8(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
