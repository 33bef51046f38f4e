package io.bulwark.webhook.replay;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What an admin asks a bulk replay job to replay: the search's filter, and whether IGNORED events are
 * replayed too. Every member is optional.
 */
@Schema(name = "ReplayJobRequest")
public record ReplayJobRequest(@Schema(description = "source name, any spelling") String source,
                               String deliveryId,
                               String type,
                               @Schema(description = "FAILED or IGNORED (IGNORED only with includeIgnored); absent: both that are replayed",
                                       enumeration = {"FAILED", "IGNORED"}) String status,
                               @Schema(description = "ISO-8601 instant, inclusive") String receivedFrom,
                               @Schema(description = "ISO-8601 instant, exclusive") String receivedTo,
                               @Schema(description = "replay IGNORED events too, read by their source's current mapping", defaultValue = "false")
                               Boolean includeIgnored) {
}
