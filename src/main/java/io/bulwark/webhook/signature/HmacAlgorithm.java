package io.bulwark.webhook.signature;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMACs a scheme may sign with, computed over raw bytes. */
public enum HmacAlgorithm {
    /** Still the only choice of some providers; HMAC-SHA1 remains a sound MAC, unlike a bare SHA-1 digest. */
    SHA1("HmacSHA1", 20),
    SHA256("HmacSHA256", 32),
    SHA512("HmacSHA512", 64);

    private final String jcaName;
    private final int length;

    HmacAlgorithm(String jcaName, int length) {
        this.jcaName = jcaName;
        this.length = length;
    }

    /** The length of a MAC in bytes. */
    int length() {
        return length;
    }

    /** The MAC of the parts, concatenated as bytes so that a body is never decoded or re-encoded. */
    byte[] compute(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(jcaName);
            mac.init(new SecretKeySpec(key, jcaName));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide these MACs, so this is a broken runtime, not a bad request.
            throw new IllegalStateException(jcaName + " is not available", e);
        }
    }

    /** The algorithm of that configured name ({@code sha1}, {@code sha256}, {@code sha512}), in any letter case. */
    public static Optional<HmacAlgorithm> parse(String name) {
        return Arrays.stream(values()).filter(algorithm -> algorithm.name().equalsIgnoreCase(name.strip())).findFirst();
    }

    /** The configured names, for a message saying what may be set. */
    public static String names() {
        return Arrays.stream(values()).map(algorithm -> algorithm.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
