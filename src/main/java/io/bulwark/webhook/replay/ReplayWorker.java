package io.bulwark.webhook.replay;

import io.bulwark.database.FailureClassifier;
import io.bulwark.database.SchemaMigration;
import io.bulwark.database.SqlFailures;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs bulk replay jobs in the background, on a Jakarta Concurrency managed scheduler: every
 * {@code webhook.replay.interval} it takes the oldest job no live lease holds, and replays its events one at a
 * time in (receivedAt, webhookId) order, at most {@code webhook.replay.rate} a second, reading
 * {@code webhook.replay.batch-size} of them at a time, renewing its lease ({@code webhook.replay.lease}) with
 * every event. Every replica runs one; each works on one job at a time. A run ends after one lease's time
 * (plus a batch at most), keeping the lease, so that no managed thread is held for a whole large job; the next run
 * takes the same job up again before any other.
 *
 * <p>A transient database failure ends the run quietly, the lease kept: the next run (of this replica, or of
 * another once the lease expired) carries on where the work list says. A lost lease or a cancelled job stops
 * the run. Any other failure of the job's own machinery marks it FAILED; failures of events are the events'.
 */
@ApplicationScoped
public class ReplayWorker {

    private static final Logger LOG = Logger.getLogger(ReplayWorker.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ReplaySteps steps;

    @Inject
    ReplayJobRepository jobs;

    @Inject
    ReplayMetrics metrics;

    @Inject
    SchemaMigration migration;

    @Inject
    @ConfigProperty(name = "webhook.replay.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "webhook.replay.interval", defaultValue = "PT2S")
    Duration interval;

    @Inject
    @ConfigProperty(name = "webhook.replay.rate", defaultValue = "50")
    double rate;

    @Inject
    @ConfigProperty(name = "webhook.replay.batch-size", defaultValue = "100")
    int batchSize;

    @Inject
    @ConfigProperty(name = "webhook.replay.lease", defaultValue = "PT30S")
    Duration lease;

    @Inject
    @ConfigProperty(name = "BULWARK_INSTANCE", defaultValue = "unnamed")
    String instance;

    private final String workerId = UUID.randomUUID().toString().substring(0, 8);
    private volatile ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (!(rate > 0)) {
            throw new IllegalStateException("webhook.replay.rate must be more than 0 events a second, not " + rate);
        }
        if (enabled) {
            schedule = scheduler.scheduleWithFixedDelay(this::runNextJob, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The lease owner's name: the replica's, and this start's, so that a restarted replica waits out its old lease. */
    String owner() {
        return instance + "/" + workerId;
    }

    /**
     * One run: the oldest job no live lease holds, until it is done or the run stops. It throws nothing: an
     * exception escaping a task scheduled with a fixed delay would cancel every later run.
     */
    void runNextJob() {
        if (!migration.status().isDone()) {
            return;
        }
        String owner = owner();
        Optional<ReplayJob> claimed;
        try {
            claimed = jobs.claim(owner, lease);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Replay job claim failed: {0}", SqlFailures.describe(e));
            return;
        }
        if (claimed.isEmpty()) {
            return;
        }
        ReplayJob job = claimed.get();
        try {
            run(job, owner);
        } catch (LeaseLostException e) {
            LOG.log(Level.INFO, "Replay job {0} stopped: cancelled, or its lease was taken over", job.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (FailureClassifier.isTransient(e)) {
                LOG.log(Level.INFO, "Replay job {0} paused: {1}", new Object[] {job.id(), SqlFailures.describe(e)});
            } else {
                LOG.log(Level.WARNING, "Replay job " + job.id() + " failed", e);
                fail(job, owner, e);
            }
        }
    }

    /** Marks the job FAILED; a database that cannot record it leaves it to be taken up again once the lease expired. */
    private void fail(ReplayJob job, String owner, RuntimeException failure) {
        try {
            steps.fail(job, owner, SqlFailures.describe(failure));
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "Replay job {0} could not be marked FAILED: {1}", new Object[] {job.id(), SqlFailures.describe(e)});
        }
    }

    private void run(ReplayJob job, String owner) throws InterruptedException {
        LOG.log(Level.INFO, "Replay job {0} running on {1}", new Object[] {job.id(), owner});
        if (job.selected() == null) {
            int selected = steps.select(job, owner, lease);
            LOG.log(Level.INFO, "Replay job {0} selected {1} events", new Object[] {job.id(), selected});
        }
        RatePacer pacer = new RatePacer(rate);
        long runEnds = System.nanoTime() + lease.toNanos();
        while (System.nanoTime() < runEnds) {
            List<ReplayJobRepository.Item> batch = jobs.pending(job.id(), batchSize);
            if (batch.isEmpty()) {
                if (steps.finish(job, owner)) {
                    LOG.log(Level.INFO, "Replay job {0} done", job.id());
                }
                return;
            }
            for (ReplayJobRepository.Item item : batch) {
                pacer.await();
                replay(job, owner, item);
            }
        }
    }

    private void replay(ReplayJob job, String owner, ReplayJobRepository.Item item) {
        ReplaySteps.Step step = steps.replay(job, owner, lease, item);
        if (step instanceof ReplaySteps.Step.Failed failed) {
            LOG.log(Level.INFO, "Replay job {0}: webhook event {1} failed again: {2}",
                    new Object[] {job.id(), item.webhookId(), SqlFailures.describe(failed.failure())});
            step = steps.recordFailure(job, owner, lease, item, failed.failure());
        }
        ReplayOutcome outcome = ((ReplaySteps.Step.Recorded) step).outcome();
        metrics.reached(outcome);
        LOG.log(Level.FINE, "Replay job {0}: webhook event {1} {2}", new Object[] {job.id(), item.webhookId(), outcome});
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> running = schedule;
        if (running != null) {
            running.cancel(true);
        }
    }
}
