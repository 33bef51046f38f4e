package io.bulwark.webhook;

/**
 * A verified and parsed delivery on its way to storage.
 *
 * @param source     the configured source it came from
 * @param deliveryId the sender's id for it, unique per source
 * @param envelope   its validated body
 * @param payload    its body as stored
 */
public record Delivery(String source, String deliveryId, WebhookEnvelope envelope, String payload) {

    DeliveryKey key() {
        return new DeliveryKey(source, deliveryId);
    }

    /** About what it costs in memory while it waits for its group: its payload, which dominates. */
    long weight() {
        return payload.length();
    }

    @Override
    public String toString() {
        return "Delivery[" + source + "/" + deliveryId + "]";
    }
}
