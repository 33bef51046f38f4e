package io.bulwark.webhook;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A stored delivery as admins read it. The payload is included when one event is read, left out of lists.
 */
public record WebhookEventView(UUID webhookId, String source, String ledger, String deliveryId, String type, WebhookStatus status,
                               int attempts, String lastError, OffsetDateTime occurredAt, OffsetDateTime receivedAt,
                               OffsetDateTime processedAt, JsonObject payload) {

    static WebhookEventView of(WebhookEvent event, boolean withPayload) {
        return new WebhookEventView(event.getId(), event.getSource(), event.getLedger(), event.getDeliveryId(), event.getType(),
                event.getStatus(), event.getAttempts(), event.getLastError(), event.getOccurredAt(),
                event.getReceivedAt(), event.getProcessedAt(), withPayload ? parse(event.getPayload()) : null);
    }

    private static JsonObject parse(String payload) {
        try (JsonReader reader = Json.createReader(new StringReader(payload))) {
            return reader.readObject();
        }
    }
}
