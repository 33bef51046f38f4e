package io.bulwark.webhook;

/**
 * A verified and parsed delivery on its way to storage.
 *
 * @param source     the canonical name of the configured source it came from
 * @param ledger     the ledger its source writes
 * @param deliveryId the sender's id for it, unique per source
 * @param event      its event as read ({@link EventReader})
 * @param payload    its body as stored
 * @param bodySha256 the SHA-256 of its raw body in hex, for a source whose deliveries are also identified by
 *                   their body ({@link WebhookSource#identifiesByBody}); else null
 */
public record Delivery(String source, String ledger, String deliveryId, DeliveredEvent event, String payload,
                       String bodySha256) {

    DeliveryKey key() {
        return new DeliveryKey(source, deliveryId);
    }

    /** The key of its body within its source, or null when it is identified by its delivery id alone. */
    BodyKey bodyKey() {
        return bodySha256 == null ? null : new BodyKey(source, bodySha256);
    }

    /** About what it costs in memory while it waits for its group: its payload, which dominates. */
    long weight() {
        return payload.length();
    }

    @Override
    public String toString() {
        return "Delivery[" + source + "/" + deliveryId + "]";
    }

    /** What makes a body unique within its source. */
    record BodyKey(String source, String sha256) {
    }
}
