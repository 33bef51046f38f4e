package io.bulwark.webhook.replay;

import io.bulwark.webhook.WebhookStatus;
import io.bulwark.webhook.search.EventFilter;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * A bulk replay job as stored.
 *
 * @param selected how many events it selected when it started; null before
 * @param error    why it FAILED, else null
 */
public record ReplayJob(UUID id, ReplayJobState state, EventFilter filter, boolean includeIgnored, OffsetDateTime createdAt,
                        String createdBy, OffsetDateTime startedAt, OffsetDateTime finishedAt, Integer selected, int processed,
                        int failed, int ignored, int skipped, String error) {

    /** The statuses of the events it replays: FAILED, and IGNORED when asked, narrowed by the filter's status. */
    public Set<WebhookStatus> replayedStatuses() {
        Set<WebhookStatus> statuses = includeIgnored ? EnumSet.of(WebhookStatus.FAILED, WebhookStatus.IGNORED) : EnumSet.of(WebhookStatus.FAILED);
        if (filter.status() != null) {
            statuses.retainAll(Set.of(filter.status()));
        }
        return statuses;
    }
}
