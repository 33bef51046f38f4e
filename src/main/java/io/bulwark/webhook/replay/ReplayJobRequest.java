package io.bulwark.webhook.replay;

import io.bulwark.problem.ProblemException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
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

    private static final Jsonb JSONB = JsonbBuilder.create();

    /**
     * The request a body states; a body that is not a JSON object of these members is a 400, where the JSON-B
     * provider's own failure would be an unexplained 500.
     */
    static ReplayJobRequest parse(String body) {
        String unreadable = "the body must be a JSON object of the replay's filter; {} replays every FAILED event";
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest(unreadable);
        }
        try {
            ReplayJobRequest request = JSONB.fromJson(body, ReplayJobRequest.class);
            if (request == null) {
                throw ProblemException.badRequest(unreadable);
            }
            return request;
        } catch (JsonbException e) {
            throw ProblemException.badRequest(unreadable);
        }
    }
}
