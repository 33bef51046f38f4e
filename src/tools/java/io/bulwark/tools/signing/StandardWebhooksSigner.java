package io.bulwark.tools.signing;

import java.util.Base64;
import java.util.Map;

/**
 * Standard Webhooks: {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed with the
 * bytes the {@code whsec_} secret encodes in base64.
 */
public final class StandardWebhooksSigner implements DeliverySigner {

    private static final String PREFIX = "whsec_";

    private final byte[] key;

    public StandardWebhooksSigner(String secret) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        try {
            this.key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a Standard Webhooks secret is whsec_ followed by base64");
        }
    }

    @Override
    public Map<String, String> headers(String deliveryId, long timestamp, byte[] body) {
        byte[] mac = Hmac.sha256(key, deliveryId + "." + timestamp + ".", body);
        return Map.of("webhook-id", deliveryId,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", "v1," + Base64.getEncoder().encodeToString(mac));
    }
}
