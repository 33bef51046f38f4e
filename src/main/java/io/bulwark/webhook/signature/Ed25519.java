package io.bulwark.webhook.signature;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/** Ed25519 (RFC 8032) as the JDK provides it: public keys from their raw 32 bytes, signatures of 64 bytes. */
final class Ed25519 {

    static final int PUBLIC_KEY_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;

    private static final String ALGORITHM = "Ed25519";
    // The DER a SubjectPublicKeyInfo of an Ed25519 key (RFC 8410) holds before the raw key: the JDK takes keys
    // only in that form.
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Ed25519() {
    }

    /**
     * The public key of those raw bytes.
     *
     * @throws IllegalArgumentException when they are not 32 bytes, or not a point of the curve
     */
    static PublicKey publicKey(byte[] raw) {
        if (raw.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("decodes to " + raw.length + " bytes; an Ed25519 public key has " + PUBLIC_KEY_BYTES);
        }
        byte[] encoded = new byte[X509_PREFIX.length + raw.length];
        System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, raw.length);
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
            // The point is decoded only when a verification starts: start one now, so that a key no signature could
            // ever match is refused with the configuration rather than failing every delivery.
            Signature.getInstance(ALGORITHM).initVerify(key);
            return key;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("is not an Ed25519 public key: its 32 bytes are not a point of the curve");
        } catch (GeneralSecurityException e) {
            throw unavailable(e);
        }
    }

    /**
     * Whether the signature is the key's over the parts, concatenated. A signature the JDK refuses to read (one whose
     * scalar is out of range) is one that does not verify.
     */
    static boolean verifies(PublicKey key, byte[] signature, byte[]... parts) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            for (byte[] part : parts) {
                verifier.update(part);
            }
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            // Named in full: this package's SignatureException is the 401 a request gets.
            return false;
        } catch (GeneralSecurityException e) {
            throw unavailable(e);
        }
    }

    private static IllegalStateException unavailable(GeneralSecurityException e) {
        // Java 15 and later provide Ed25519, so this is a broken runtime, not a bad key or request.
        return new IllegalStateException("Ed25519 is not available", e);
    }
}
