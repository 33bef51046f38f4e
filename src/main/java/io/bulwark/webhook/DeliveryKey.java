package io.bulwark.webhook;

import java.util.Comparator;

/** What makes a delivery unique: (source, delivery id). Ordered, so that rows are always locked in one order. */
public record DeliveryKey(String source, String deliveryId) implements Comparable<DeliveryKey> {

    private static final Comparator<DeliveryKey> ORDER =
            Comparator.comparing(DeliveryKey::source).thenComparing(DeliveryKey::deliveryId);

    @Override
    public int compareTo(DeliveryKey other) {
        return ORDER.compare(this, other);
    }
}
