package io.bulwark.webhook.search;

import io.bulwark.webhook.WebhookEventView;
import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of stored events, newest first, without payloads.
 *
 * @param next the cursor of the following page, or null on the last one
 */
@Schema(name = "WebhookEventPage", description = "A page of stored events, newest first (receivedAt desc, webhookId desc), without payloads")
public record EventPage(List<WebhookEventView> items,
                        @JsonbNillable @Schema(description = "Opaque cursor of the next page; null on the last page", nullable = true) String next) {
}
