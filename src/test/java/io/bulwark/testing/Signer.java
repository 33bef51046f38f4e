package io.bulwark.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs test deliveries the way each provider does, independently of the server's verifiers. */
public final class Signer {

    private Signer() {
    }

    /** Standard Webhooks: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, key = base64 after whsec_. */
    public static String standard(String secret, String id, long timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, concat(id + "." + timestamp + ".", body)));
    }

    /**
     * Standard Webhooks over a timestamp exactly as written, also one that is not unix seconds, so that a test
     * can show which check refuses it.
     */
    public static String standard(String secret, String id, String timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, concat(id + "." + timestamp + ".", body)));
    }

    /** Stripe: {@code t=<ts>,v1=<hex HMAC-SHA256 of "ts.body">}, key = the secret's bytes. */
    public static String stripe(String secret, long timestamp, byte[] body) {
        byte[] mac = hmac(secret.getBytes(StandardCharsets.UTF_8), concat(timestamp + ".", body));
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac);
    }

    /**
     * Standard Webhooks, asymmetric: {@code v1a,<base64 Ed25519 signature of "id.timestamp.body">}, made with the
     * sender's private key.
     */
    public static String standardAsymmetric(PrivateKey key, String id, long timestamp, byte[] body) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(concat(id + "." + timestamp + ".", body));
            return "v1a," + Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shopify: {@code <base64 HMAC-SHA256 of body>}, key = the secret's bytes. */
    public static String shopify(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    /** GitHub: {@code sha256=<hex HMAC-SHA256 of body>}. */
    public static String github(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    private static byte[] concat(String prefix, byte[] body) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
