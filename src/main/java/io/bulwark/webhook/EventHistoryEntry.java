package io.bulwark.webhook;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One thing that happened to a stored event, as the database knows it.
 *
 * @param what   RECEIVED, PROCESSED, IGNORED, FAILED, ALERTED or REPLAYED
 * @param detail what else is known: the error, the alert, who replayed it and with what outcome
 */
@Schema(name = "WebhookEventHistoryEntry")
public record EventHistoryEntry(OffsetDateTime at,
                                @Schema(enumeration = {"RECEIVED", "PROCESSED", "IGNORED", "FAILED", "ALERTED", "REPLAYED"}) String what,
                                String detail) {
}
