package io.bulwark.webhook;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A stored delivery as admins read it. The payload and the history are included when one event is read, left
 * out of lists and replay answers.
 */
@Schema(name = "WebhookEvent")
public record WebhookEventView(UUID webhookId, String source, String ledger, String deliveryId, String type, WebhookStatus status,
                               int attempts, String lastError, OffsetDateTime occurredAt, OffsetDateTime receivedAt,
                               OffsetDateTime processedAt,
                               @Schema(description = "The body as received; only when one event is read") JsonObject payload,
                               @Schema(description = "What happened to it, oldest first; only when one event is read")
                               List<EventHistoryEntry> history) {

    static WebhookEventView of(WebhookEvent event, boolean withPayload) {
        return new WebhookEventView(event.getId(), event.getSource(), event.getLedger(), event.getDeliveryId(), event.getType(),
                event.getStatus(), event.getAttempts(), event.getLastError(), event.getOccurredAt(),
                event.getReceivedAt(), event.getProcessedAt(), withPayload ? parse(event.getPayload()) : null, null);
    }

    /** The same event with its history. */
    public WebhookEventView withHistory(List<EventHistoryEntry> entries) {
        return new WebhookEventView(webhookId, source, ledger, deliveryId, type, status, attempts, lastError, occurredAt, receivedAt,
                processedAt, payload, List.copyOf(entries));
    }

    private static JsonObject parse(String payload) {
        try (JsonReader reader = Json.createReader(new StringReader(payload))) {
            return reader.readObject();
        }
    }
}
