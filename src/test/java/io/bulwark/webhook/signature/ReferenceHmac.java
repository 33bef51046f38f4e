package io.bulwark.webhook.signature;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tests' own HMAC-SHA256, written out plainly instead of calling the code under test, so an expected
 * signature never depends on what it is meant to check.
 */
final class ReferenceHmac {

    private ReferenceHmac() {
    }

    static byte[] sign(byte[] key, byte[] signedPrefix, byte[] body) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(signedPrefix);
        content.writeBytes(body);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
