package io.bulwark.webhook.signature;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The tests' own Ed25519, on the JDK's provider directly instead of the code under test, so an expected signature
 * never depends on what it is meant to check.
 */
final class ReferenceEd25519 {

    // What a PKCS #8 Ed25519 private key (RFC 8410) holds before its 32-byte seed.
    private static final String PKCS8_PREFIX = "302e020100300506032b657004220420";

    private ReferenceEd25519() {
    }

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The private key of a 32-byte seed written in hex, as RFC 8032 gives its test keys. */
    static PrivateKey privateKey(String seedHex) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(HexFormat.of().parseHex(PKCS8_PREFIX + seedHex)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The key as a Standard Webhooks public key: {@code whpk_} and the base64 of its raw 32 bytes. */
    static String whpk(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return "whpk_" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    static byte[] sign(PrivateKey key, byte[] signedPrefix, byte[] body) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(signedPrefix);
        content.writeBytes(body);
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(content.toByteArray());
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
