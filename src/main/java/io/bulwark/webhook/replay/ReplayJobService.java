package io.bulwark.webhook.replay;

import io.bulwark.problem.ProblemException;
import io.bulwark.webhook.WebhookStatus;
import io.bulwark.webhook.search.EventFilter;
import io.bulwark.webhook.search.FilterParameters;
import io.bulwark.webhook.search.PageCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/**
 * Starts, reads and cancels bulk replay jobs; {@link ReplayWorker} runs them. A job is stored QUEUED and
 * answered at once: the replay itself happens in the background at a bounded rate. A request that cannot be
 * read is a 400 naming the member; an unknown job 404; cancelling a job that already ended 409.
 */
@ApplicationScoped
public class ReplayJobService {

    @Inject
    ReplayJobRepository jobs;

    /**
     * Stores a QUEUED job for {@code createdBy}; with an {@code idempotencyKey} they used before, the job that
     * key made instead, whatever this request asks.
     */
    public ReplayJob start(ReplayJobRequest request, String createdBy, String idempotencyKey) {
        EventFilter filter = FilterParameters.read(request.source(), request.deliveryId(), request.type(), request.status(),
                request.receivedFrom(), request.receivedTo());
        boolean includeIgnored = Boolean.TRUE.equals(request.includeIgnored());
        if (filter.status() != null && filter.status() != WebhookStatus.FAILED && filter.status() != WebhookStatus.IGNORED) {
            throw ProblemException.badRequest("status must be FAILED or IGNORED: only those are replayed");
        }
        if (filter.status() == WebhookStatus.IGNORED && !includeIgnored) {
            throw ProblemException.badRequest("status IGNORED needs includeIgnored true: IGNORED events are replayed only when asked");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw ProblemException.badRequest("Idempotency-Key must be 1 to 255 characters");
        }
        return jobs.create(filter, includeIgnored, createdBy, idempotencyKey);
    }

    public ReplayJob find(UUID id) {
        return jobs.find(id).orElseThrow(() -> ProblemException.notFound("no replay job with that id"));
    }

    /** A page of at most {@code limit} jobs after {@code after} (null: from the newest), and the next page's cursor. */
    public ReplayJobPage page(PageCursor after, int limit) {
        List<ReplayJob> read = jobs.page(after, limit + 1);
        List<ReplayJob> items = read.size() <= limit ? read : read.subList(0, limit);
        String next = null;
        if (read.size() > limit) {
            ReplayJob last = items.get(limit - 1);
            next = new PageCursor(last.createdAt(), last.id()).encode();
        }
        return new ReplayJobPage(items.stream().map(ReplayJobView::of).toList(), next);
    }

    /** Cancels a QUEUED or RUNNING job: it replays no further event. 404 when there is none, 409 when it ended. */
    public ReplayJob cancel(UUID id) {
        return jobs.cancel(id).orElseThrow(() -> {
            ReplayJob job = find(id);
            return ProblemException.conflict("replay job is " + job.state() + ": only QUEUED or RUNNING jobs can be cancelled");
        });
    }
}
