package io.bulwark.tools.signing;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/**
 * Stripe: {@code Stripe-Signature: t=<timestamp>,v1=<hex HMAC-SHA256 of "timestamp.body">}, keyed with the
 * secret's own bytes. The delivery id is the event's {@code id} in the body.
 */
public final class StripeSigner implements DeliverySigner {

    private final byte[] key;

    public StripeSigner(String secret) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, String> headers(String deliveryId, long timestamp, byte[] body) {
        byte[] mac = Hmac.sha256(key, timestamp + ".", body);
        return Map.of("Stripe-Signature", "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac));
    }
}
