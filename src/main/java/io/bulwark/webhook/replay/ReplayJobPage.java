package io.bulwark.webhook.replay;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of bulk replay jobs, newest first.
 *
 * @param next the cursor of the following page, or null on the last one
 */
@Schema(name = "ReplayJobPage", description = "A page of bulk replay jobs, newest first (createdAt desc, id desc)")
public record ReplayJobPage(List<ReplayJobView> items,
                            @JsonbNillable @Schema(description = "Opaque cursor of the next page; null on the last page", nullable = true) String next) {
}
