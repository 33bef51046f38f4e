package io.bulwark.webhook.replay;

import io.bulwark.webhook.WebhookStatus;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A bulk replay job as admins read it. */
@Schema(name = "ReplayJob")
public record ReplayJobView(UUID id,
                            @Schema(enumeration = {"QUEUED", "RUNNING", "DONE", "FAILED", "CANCELLED"}) ReplayJobState state,
                            Filter filter, boolean includeIgnored, OffsetDateTime createdAt, OffsetDateTime startedAt,
                            OffsetDateTime finishedAt, String createdBy, Counts counts,
                            @Schema(description = "why the job FAILED; absent otherwise") String error) {

    /** The job's filter; an absent member does not narrow. */
    @Schema(name = "ReplayJobFilter")
    public record Filter(String source, String deliveryId, String type, WebhookStatus status, OffsetDateTime receivedFrom,
                         OffsetDateTime receivedTo) {
    }

    /**
     * What the job did so far: {@code selected} events (0 before it starts) of which {@code replayed} were
     * replayed, ending {@code processed}, {@code failed} or {@code ignored}, and {@code skipped} were already
     * applied (or otherwise no longer replayable) when the job reached them.
     */
    @Schema(name = "ReplayJobCounts")
    public record Counts(int selected, int replayed, int processed, int failed, int ignored, int skipped) {
    }

    static ReplayJobView of(ReplayJob job) {
        return new ReplayJobView(job.id(), job.state(), new Filter(job.filter().source(), job.filter().deliveryId(), job.filter().type(),
                job.filter().status(), job.filter().receivedFrom(), job.filter().receivedTo()), job.includeIgnored(), job.createdAt(),
                job.startedAt(), job.finishedAt(), job.createdBy(),
                new Counts(job.selected() == null ? 0 : job.selected(), job.processed() + job.failed() + job.ignored(), job.processed(),
                        job.failed(), job.ignored(), job.skipped()), job.error());
    }
}
