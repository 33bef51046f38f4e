package io.bulwark.webhook.search;

import io.bulwark.webhook.WebhookStatus;
import java.time.OffsetDateTime;

/**
 * Which stored events a search or a bulk replay is about; a null member does not narrow.
 *
 * @param source       canonical source name
 * @param receivedFrom inclusive lower bound of {@code receivedAt}
 * @param receivedTo   exclusive upper bound of {@code receivedAt}
 */
public record EventFilter(String source, String deliveryId, String type, WebhookStatus status, OffsetDateTime receivedFrom,
                          OffsetDateTime receivedTo) {
}
