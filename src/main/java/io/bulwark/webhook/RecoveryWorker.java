package io.bulwark.webhook;

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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tries FAILED events again in the background, on a Jakarta Concurrency managed scheduler, every
 * {@code webhook.recovery.interval}, as long as events are due (at most {@code webhook.recovery.batch-size}
 * per run). Every replica runs one; {@code FOR UPDATE SKIP LOCKED} lets them share the queue without
 * applying any event twice.
 *
 * <p>An attempt that fails, whether the ledger refuses the event or the database fails it transiently (a
 * row lock held past the query timeout, a deadlock), is rolled back and then recorded in a transaction of its
 * own: it counts toward {@code webhook.recovery.max-attempts} and the event is backed off by
 * {@link RecoveryPolicy}, so no event is retried every run forever. A database that cannot be reached (the
 * claim, the record or a commit fails) ends the run quietly; the next run tries again.
 */
@ApplicationScoped
public class RecoveryWorker {

    private static final Logger LOG = Logger.getLogger(RecoveryWorker.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    FailedEventStore store;

    @Inject
    SchemaMigration migration;

    @Inject
    @ConfigProperty(name = "webhook.recovery.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "webhook.recovery.interval", defaultValue = "PT5S")
    Duration interval;

    @Inject
    @ConfigProperty(name = "webhook.recovery.batch-size", defaultValue = "50")
    int batchSize;

    private volatile ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (enabled) {
            schedule = scheduler.scheduleWithFixedDelay(this::recoverDue, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** One run: applies due events until none is due or the batch is done. */
    void recoverDue() {
        if (!migration.status().isDone()) {
            return;
        }
        try {
            for (int i = 0; i < batchSize; i++) {
                FailedEventStore.Recovery recovery = store.recoverNext();
                if (recovery instanceof FailedEventStore.Recovery.NothingDue) {
                    return;
                }
                if (recovery instanceof FailedEventStore.Recovery.Failed failed) {
                    LOG.log(Level.INFO, "Recovery of webhook event {0} failed: {1}",
                            new Object[] {failed.webhookId(), SqlFailures.describe(failed.failure())});
                    store.recordFailedRecovery(failed.webhookId(), failed.failure());
                } else if (recovery instanceof FailedEventStore.Recovery.Recovered recovered) {
                    LOG.log(Level.INFO, "Recovered webhook event {0}", recovered.webhookId());
                }
            }
        } catch (RuntimeException e) {
            Level level = FailureClassifier.isTransient(e) ? Level.FINE : Level.WARNING;
            LOG.log(level, "Recovery run stopped: {0}", SqlFailures.describe(e));
        }
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> running = schedule;
        if (running != null) {
            running.cancel(false);
        }
    }
}
