package io.bulwark.webhook.replay;

import io.bulwark.database.FailureClassifier;
import io.bulwark.database.MonitoredOperation;
import io.bulwark.webhook.Reapplication;
import io.bulwark.webhook.ReplayAudit;
import io.bulwark.webhook.WebhookEvent;
import io.bulwark.webhook.WebhookStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Optional;

/**
 * The transactions of a job's worker, each short and each beginning by renewing the worker's lease on the job
 * (which locks the job's row until it commits): a worker that lost the job changes nothing. An event is
 * replayed under its row lock and only while its status is one the job replays, and its outcome is recorded in
 * the work list in the same transaction, once: so no event is applied twice, by this job or any other replay.
 */
@ApplicationScoped
@Transactional
public class ReplaySteps {

    @Inject
    ReplayJobRepository jobs;

    @Inject
    Reapplication reapplication;

    @Inject
    ReplayAudit audit;

    @Resource
    TransactionSynchronizationRegistry transaction;

    /** What replaying one event did. */
    public sealed interface Step {

        /** The event has its outcome, recorded. */
        record Recorded(ReplayOutcome outcome) implements Step {
        }

        /** Applying it failed and was rolled back; the failure is still to be recorded ({@link #recordFailure}). */
        record Failed(Throwable failure) implements Step {
        }
    }

    /** Fills a job's work list. @throws LeaseLostException when the worker no longer holds it */
    @MonitoredOperation("webhook.replay-job.select")
    public int select(ReplayJob job, String owner, Duration lease) {
        holdOrStop(job, owner, lease);
        return jobs.select(job, owner, job.replayedStatuses());
    }

    /**
     * Replays one event of the job's work list.
     *
     * @throws LeaseLostException when the worker no longer holds the job
     * @throws RuntimeException   a transient database failure: nothing was committed, the event is tried again
     */
    @MonitoredOperation("webhook.replay-job.event")
    public Step replay(ReplayJob job, String owner, Duration lease, ReplayJobRepository.Item item) {
        holdOrStop(job, owner, lease);
        Optional<WebhookEvent> replayable = replayable(job, item);
        if (replayable.isEmpty()) {
            return recorded(job, item, ReplayOutcome.SKIPPED);
        }
        WebhookEvent event = replayable.get();
        WebhookStatus outcome;
        try {
            outcome = reapplication.apply(event);
        } catch (RuntimeException failure) {
            if (FailureClassifier.isTransient(failure)) {
                throw failure;
            }
            transaction.setRollbackOnly();
            return new Step.Failed(failure);
        }
        event.complete(outcome);
        audit.record(event.getId(), job.id(), job.createdBy(), outcome, null);
        return recorded(job, item, outcome == WebhookStatus.PROCESSED ? ReplayOutcome.PROCESSED : ReplayOutcome.IGNORED);
    }

    /** Records that replaying the event failed: FAILED with the error, audited, counted. */
    @MonitoredOperation("webhook.replay-job.record-failure")
    public Step recordFailure(ReplayJob job, String owner, Duration lease, ReplayJobRepository.Item item, Throwable failure) {
        holdOrStop(job, owner, lease);
        Optional<WebhookEvent> replayable = replayable(job, item);
        if (replayable.isEmpty()) {
            return recorded(job, item, ReplayOutcome.SKIPPED);
        }
        WebhookEvent event = replayable.get();
        String lastError = reapplication.recordFailure(event, failure);
        audit.record(event.getId(), job.id(), job.createdBy(), WebhookStatus.FAILED, lastError);
        return recorded(job, item, ReplayOutcome.FAILED);
    }

    /** Ends the job as DONE when every event has its outcome; false when some have none yet. */
    @MonitoredOperation("webhook.replay-job.finish")
    public boolean finish(ReplayJob job, String owner) {
        return jobs.finish(job.id(), owner);
    }

    /** Ends the job as FAILED with the reason. */
    public void fail(ReplayJob job, String owner, String error) {
        jobs.fail(job.id(), owner, error);
    }

    private void holdOrStop(ReplayJob job, String owner, Duration lease) {
        if (!jobs.renew(job.id(), owner, lease)) {
            throw new LeaseLostException(job.id());
        }
    }

    /** The event, locked, while its status is one the job replays; empty when it is not (any more) or is gone. */
    private Optional<WebhookEvent> replayable(ReplayJob job, ReplayJobRepository.Item item) {
        return reapplication.lock(item.webhookId()).filter(event -> job.replayedStatuses().contains(event.getStatus()));
    }

    private Step recorded(ReplayJob job, ReplayJobRepository.Item item, ReplayOutcome outcome) {
        if (!jobs.recordOutcome(job.id(), item.seq(), outcome)) {
            throw new LeaseLostException(job.id());
        }
        return new Step.Recorded(outcome);
    }
}
