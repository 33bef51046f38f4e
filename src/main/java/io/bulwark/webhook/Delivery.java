package io.bulwark.webhook;

/**
 * A verified delivery on its way to storage. It remembers whether a shared transaction it was part of failed,
 * so that the retries of its own retry policy commit it alone: the one-by-one fallback of group commit.
 */
public final class Delivery {

    private final String source;
    private final String deliveryId;
    private final WebhookEnvelope envelope;
    private final String payload;
    private volatile boolean groupFailed;

    /**
     * @param source     the configured source it came from
     * @param deliveryId the sender's id for it, unique per source
     * @param envelope   its validated body
     * @param payload    its body as stored
     */
    public Delivery(String source, String deliveryId, WebhookEnvelope envelope, String payload) {
        this.source = source;
        this.deliveryId = deliveryId;
        this.envelope = envelope;
        this.payload = payload;
    }

    public String source() {
        return source;
    }

    public String deliveryId() {
        return deliveryId;
    }

    public WebhookEnvelope envelope() {
        return envelope;
    }

    public String payload() {
        return payload;
    }

    DeliveryKey key() {
        return new DeliveryKey(source, deliveryId);
    }

    void groupFailed() {
        groupFailed = true;
    }

    boolean mustCommitAlone() {
        return groupFailed;
    }

    @Override
    public String toString() {
        return "Delivery[" + source + "/" + deliveryId + "]";
    }
}
