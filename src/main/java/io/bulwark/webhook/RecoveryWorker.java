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
 * applying any event twice. A database outage ends the run quietly; the next run tries again.
 */
@ApplicationScoped
public class RecoveryWorker {

    private static final Logger LOG = Logger.getLogger(RecoveryWorker.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    DeliveryStore store;

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
                DeliveryStore.Recovery recovery = store.recoverNext();
                if (recovery.nothingDue()) {
                    return;
                }
                if (recovery.failure() != null) {
                    store.recordFailedRecovery(recovery.webhookId(), recovery.failure());
                } else {
                    LOG.log(Level.INFO, "Recovered webhook event {0}", recovery.webhookId());
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
