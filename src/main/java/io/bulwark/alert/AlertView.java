package io.bulwark.alert;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An alert as operators read it: what failed and where, never the payload. */
public record AlertView(UUID id, AlertSeverity severity, String title, String source, String eventType,
                        UUID webhookId, String errorClass, boolean acknowledged, OffsetDateTime acknowledgedAt,
                        String acknowledgedBy, OffsetDateTime createdAt) {

    static AlertView of(Alert alert) {
        return new AlertView(alert.getId(), alert.getSeverity(), alert.getTitle(), alert.getSource(), alert.getEventType(),
                alert.getWebhookId(), alert.getErrorClass(), alert.isAcknowledged(), alert.getAcknowledgedAt(),
                alert.getAcknowledgedBy(), alert.getCreatedAt());
    }
}
