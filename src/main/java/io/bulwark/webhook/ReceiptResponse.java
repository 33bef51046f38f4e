package io.bulwark.webhook;

import java.util.UUID;

/**
 * The answer to an accepted delivery: {@code {"success": true, "webhookId": ..., "duplicate": ..., "status": ...}}.
 */
public record ReceiptResponse(boolean success, UUID webhookId, boolean duplicate, WebhookStatus status) {

    static ReceiptResponse of(Receipt receipt) {
        return new ReceiptResponse(true, receipt.webhookId(), receipt.duplicate(), receipt.status());
    }
}
