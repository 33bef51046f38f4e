package io.bulwark.tools.signing;

import java.util.Map;

/** Scheme {@code none}: nothing is signed; the delivery id goes in {@code webhook-id}. */
public final class UnsignedSigner implements DeliverySigner {

    @Override
    public Map<String, String> headers(String deliveryId, long timestamp, byte[] body) {
        return Map.of("webhook-id", deliveryId);
    }
}
