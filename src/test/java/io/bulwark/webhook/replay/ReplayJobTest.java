package io.bulwark.webhook.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bulwark.webhook.WebhookStatus;
import io.bulwark.webhook.search.EventFilter;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplayJobTest {

    @Test
    void ignoredEventsAreReplayedOnlyWhenAsked() {
        assertEquals(Set.of(WebhookStatus.FAILED), job(null, false).replayedStatuses());
        assertEquals(Set.of(WebhookStatus.FAILED, WebhookStatus.IGNORED), job(null, true).replayedStatuses());
        assertEquals(Set.of(WebhookStatus.IGNORED), job(WebhookStatus.IGNORED, true).replayedStatuses());
        assertEquals(Set.of(WebhookStatus.FAILED), job(WebhookStatus.FAILED, true).replayedStatuses());
    }

    @Test
    void countsAddUp() {
        ReplayJob job = new ReplayJob(UUID.randomUUID(), ReplayJobState.DONE, filter(null), true, OffsetDateTime.now(), "admin",
                OffsetDateTime.now(), OffsetDateTime.now(), 10, 5, 2, 1, 2, null);

        assertEquals(new ReplayJobView.Counts(10, 8, 5, 2, 1, 2), ReplayJobView.of(job).counts());
    }

    private static ReplayJob job(WebhookStatus status, boolean includeIgnored) {
        return new ReplayJob(UUID.randomUUID(), ReplayJobState.QUEUED, filter(status), includeIgnored, OffsetDateTime.now(), "admin",
                null, null, null, 0, 0, 0, 0, null);
    }

    private static EventFilter filter(WebhookStatus status) {
        return new EventFilter(null, null, null, status, null, null);
    }
}
