package io.bulwark.webhook;

import java.util.UUID;

/**
 * The outcome of receiving one delivery.
 *
 * @param webhookId the stored event's id (the original one for a duplicate)
 * @param status    the stored event's status
 * @param duplicate whether this delivery had been received before
 */
public record Receipt(UUID webhookId, WebhookStatus status, boolean duplicate) {
}
