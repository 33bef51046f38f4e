package io.bulwark.tools.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC over a text prefix and the raw body, as every HMAC scheme here signs. */
final class Hmac {

    private Hmac() {
    }

    /** {@code algorithm} as Java names it: HmacSHA256, HmacSHA1, HmacSHA512. */
    static byte[] of(String algorithm, byte[] key, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    static byte[] sha256(byte[] key, String prefix, byte[] body) {
        return of("HmacSHA256", key, prefix, body);
    }
}
