package io.bulwark.webhook.retention;

import io.bulwark.database.FailureClassifier;
import io.bulwark.database.SchemaMigration;
import io.bulwark.database.SqlFailures;
import io.bulwark.webhook.replay.ReplayJobRepository;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the daily partitions of {@code webhook_events} in shape, on a managed scheduler: at start and then every
 * {@code webhook.partitions.maintenance-interval}, it drains the default partition, creates the partitions of
 * today and the {@code webhook.partitions.days-ahead} days after it, drops the days past
 * {@code webhook.retention} (an ISO-8601 duration such as {@code P90D}; unset keeps everything forever) and
 * purges alerts of that age. Every replica runs it; {@link PartitionStore} lets one at a time change anything.
 *
 * <p>A run that could not finish (a lock not granted within the lock timeout, a database failure) is run again
 * after {@code webhook.partitions.retry-delay}, or the interval when that is shorter; nothing is lost meanwhile,
 * as rows no daily partition takes land in the default partition.
 */
@ApplicationScoped
public class PartitionMaintenance {

    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    PartitionStore store;

    @Inject
    ReplayJobRepository replayJobs;

    @Inject
    SchemaMigration migration;

    @Inject
    @ConfigProperty(name = "webhook.retention")
    Optional<Duration> retention;

    @Inject
    @ConfigProperty(name = "webhook.partitions.days-ahead", defaultValue = "7")
    int daysAhead;

    @Inject
    @ConfigProperty(name = "webhook.partitions.maintenance-interval", defaultValue = "PT1H")
    Duration interval;

    @Inject
    @ConfigProperty(name = "webhook.partitions.retry-delay", defaultValue = "PT1M")
    Duration retryDelay;

    private volatile ScheduledFuture<?> next;
    private volatile boolean stopped;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (retention.isPresent() && (retention.get().isNegative() || retention.get().isZero())) {
            LOG.log(Level.SEVERE, "webhook.retention {0} is not a positive duration: nothing is dropped until it is fixed", retention.get());
        }
        schedule(Duration.ZERO);
    }

    private void schedule(Duration delay) {
        if (!stopped) {
            next = scheduler.schedule(this::runAndReschedule, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void runAndReschedule() {
        boolean finished = false;
        try {
            finished = run();
        } catch (RuntimeException e) {
            LOG.log(FailureClassifier.isTransient(e) ? Level.FINE : Level.WARNING, "Partition maintenance stopped: {0}", SqlFailures.describe(e));
        } finally {
            schedule(finished || retryDelay.compareTo(interval) > 0 ? interval : retryDelay);
        }
    }

    /**
     * One run; true when it did all there was to do, or another replica is doing it. A partition whose DDL
     * cannot get its lock in time is skipped, and the run is reported unfinished.
     */
    boolean run() {
        if (!migration.status().isDone()) {
            return false;
        }
        dropDetached();
        Steps steps = new Steps();
        for (LocalDate day : store.layout().defaultDays()) {
            PartitionDay partition = new PartitionDay(day);
            steps.run("drain", partition, () -> store.drain(partition));
        }
        PartitionStore.Layout layout = store.layout();
        PartitionPlan plan = PartitionPlan.of(layout.now(), daysAhead, usableRetention(), layout.partitions());
        plan.create().forEach(day -> steps.run("create", day, () -> store.create(day)));
        plan.expired().forEach(day -> steps.run("detach", day, () -> store.expire(day)));
        dropDetached();
        if (steps.busy) {
            return true;
        }
        if (plan.alertCutoff().isPresent()) {
            int purged = store.purgeAlerts(plan.alertCutoff().get());
            if (purged > 0) {
                LOG.log(Level.INFO, "Purged {0} alerts past retention", purged);
            }
            int replays = replayJobs.purgeBefore(plan.alertCutoff().get());
            if (replays > 0) {
                LOG.log(Level.INFO, "Purged {0} replay records and jobs past retention", replays);
            }
        }
        return steps.finished;
    }

    private void dropDetached() {
        for (String table : store.dropDetached()) {
            LOG.log(Level.INFO, "Dropped {0}, past retention", table);
        }
    }

    private Optional<Duration> usableRetention() {
        return retention.filter(kept -> !kept.isNegative() && !kept.isZero());
    }

    /** The partition steps of one run: each logged; none after another replica was found busy. */
    private static final class Steps {

        boolean finished = true;
        boolean busy;

        void run(String what, PartitionDay day, Supplier<PartitionStore.Outcome> step) {
            if (busy) {
                return;
            }
            try {
                PartitionStore.Outcome outcome = step.get();
                busy = outcome == PartitionStore.Outcome.BUSY;
                if (outcome == PartitionStore.Outcome.KEPT) {
                    LOG.log(Level.WARNING, "Kept partition {0} past retention: it holds unresolved events", day.tableName());
                } else if (outcome == PartitionStore.Outcome.DONE) {
                    LOG.log(Level.INFO, "Partition {0}: {1} done", new Object[] {day.tableName(), what});
                }
            } catch (RuntimeException e) {
                finished = false;
                LOG.log(Level.INFO, "Could not {0} partition {1}, trying again later: {2}",
                        new Object[] {what, day.tableName(), SqlFailures.describe(e)});
            }
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
