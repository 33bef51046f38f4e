package io.bulwark.webhook.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The keys a source's deliveries may be signed with, decoded once from its configured secret. A configured value
 * may hold several secrets separated by whitespace, so that a secret can be rotated without losing deliveries: a
 * delivery verifies when it is signed with any one of them.
 *
 * <p>Each secret must be usable for the scheme. For {@link SignatureScheme#STANDARD}, either an HMAC key, the base64
 * of 24 to 64 bytes (the lengths Standard Webhooks recommends) optionally prefixed {@code whsec_}, or an Ed25519
 * public key, {@code whpk_} and the base64 of its 32 bytes; so a source can move from a symmetric to an asymmetric
 * key like any other rotation. For {@link SignatureScheme#STRIPE}, {@link SignatureScheme#GITHUB} and
 * {@link SignatureScheme#HMAC}, any text, used as its UTF-8 bytes. GitHub lets a secret contain spaces (its own
 * documented example does), so for GitHub the whole value is tried as one secret as well.
 */
public final class SigningKeys {

    /** A source that signs nothing ({@link SignatureScheme#NONE}) has no keys. */
    public static final SigningKeys NONE = new SigningKeys(List.of(), List.of());

    static final int MIN_STANDARD_KEY_BYTES = 24;
    static final int MAX_STANDARD_KEY_BYTES = 64;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String STANDARD_PREFIX = "whsec_";
    private static final String PUBLIC_KEY_PREFIX = "whpk_";
    private static final String PRIVATE_KEY_PREFIX = "whsk_";

    private final List<byte[]> macKeys;
    private final List<PublicKey> publicKeys;

    private SigningKeys(List<byte[]> macKeys, List<PublicKey> publicKeys) {
        this.macKeys = List.copyOf(macKeys);
        this.publicKeys = List.copyOf(publicKeys);
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
        List<byte[]> macKeys = new ArrayList<>();
        List<PublicKey> publicKeys = new ArrayList<>();
        for (int i = 0; i < secrets.length; i++) {
            String which = secrets.length == 1 ? "the secret" : "secret " + (i + 1) + " of " + secrets.length;
            if (scheme != SignatureScheme.STANDARD) {
                macKeys.add(utf8(secrets[i]));
            } else if (secrets[i].startsWith(PUBLIC_KEY_PREFIX)) {
                publicKeys.add(publicKey(secrets[i].substring(PUBLIC_KEY_PREFIX.length()), which));
            } else {
                macKeys.add(standardKey(secrets[i], which));
            }
        }
        if (scheme == SignatureScheme.GITHUB && secrets.length > 1) {
            macKeys.add(utf8(whole));
        }
        return new SigningKeys(macKeys, publicKeys);
    }

    /**
     * Whether any of the received MACs is the MAC under any of these keys; each comparison takes the same time
     * wherever the MACs differ.
     *
     * @param macUnderKey the MAC of the signed content under a key
     */
    boolean signedAny(Function<byte[], byte[]> macUnderKey, List<byte[]> received) {
        return macKeys.stream()
                .map(macUnderKey)
                .anyMatch(expected -> received.stream().anyMatch(mac -> MessageDigest.isEqual(expected, mac)));
    }

    /**
     * Whether any of the received Ed25519 signatures of the content, concatenated from its parts, verifies under any
     * of these public keys.
     */
    boolean verifiedAny(List<byte[]> signatures, byte[]... content) {
        return publicKeys.stream()
                .anyMatch(key -> signatures.stream().anyMatch(signature -> Ed25519.verifies(key, signature, content)));
    }

    private static byte[] standardKey(String secret, String which) {
        if (secret.startsWith(PRIVATE_KEY_PREFIX)) {
            throw new IllegalStateException(which + " is a " + PRIVATE_KEY_PREFIX + " private key, which only the sender may hold: "
                    + "configure its " + PUBLIC_KEY_PREFIX + " public key instead");
        }
        String encoded = secret.startsWith(STANDARD_PREFIX) ? secret.substring(STANDARD_PREFIX.length()) : secret;
        byte[] key = base64(encoded, which, "an optional " + STANDARD_PREFIX);
        if (key.length < MIN_STANDARD_KEY_BYTES || key.length > MAX_STANDARD_KEY_BYTES) {
            throw new IllegalStateException(which + " decodes to " + key.length + " bytes; a key has "
                    + MIN_STANDARD_KEY_BYTES + " to " + MAX_STANDARD_KEY_BYTES);
        }
        return key;
    }

    private static PublicKey publicKey(String encoded, String which) {
        try {
            return Ed25519.publicKey(base64(encoded, which, "its " + PUBLIC_KEY_PREFIX));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(which + " " + e.getMessage());
        }
    }

    private static byte[] base64(String encoded, String which, String prefix) {
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(which + " is not base64 (after " + prefix + " prefix)");
        }
    }

    private static byte[] utf8(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
