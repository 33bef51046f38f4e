package io.bulwark.alert.delivery;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An alert claimed for delivery: what the receiver is told, which is what operators see in the alert API and
 * nothing more (no payload, no secret).
 *
 * @param attempt which delivery attempt this is, counting from 1 (the claim counted it)
 */
public record AlertNotification(UUID id, String severity, String title, String source, String eventType, UUID webhookId,
                                String errorClass, OffsetDateTime createdAt, int attempt) {
}
