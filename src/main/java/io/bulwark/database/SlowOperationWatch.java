package io.bulwark.database;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Snapshot;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Looks at every operation's p95 (of the monitor's timer, whose percentiles cover the last minutes) every
 * {@code database.monitor.p95-check-interval}, and publishes a {@link DatabaseIssue.Kind#SLOW_OPERATION} once
 * it has stayed over its threshold for {@code database.monitor.p95-window} ({@link P95Episodes}). The
 * threshold is {@code database.monitor.p95-threshold.<operation>} when set (so
 * {@code DATABASE_MONITOR_P95_THRESHOLD_WEBHOOK_STORE} for {@code webhook.store}), else
 * {@code database.monitor.p95-threshold}. A look costs no query: it reads the registry.
 */
@ApplicationScoped
public class SlowOperationWatch {

    private static final Logger LOG = Logger.getLogger(SlowOperationWatch.class.getName());
    private static final String THRESHOLD = "database.monitor.p95-threshold";

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    DatabaseMonitor monitor;

    @Inject
    Event<DatabaseIssue> issues;

    @Inject
    Config config;

    @Inject
    @ConfigProperty(name = THRESHOLD, defaultValue = "PT1S")
    Duration threshold;

    @Inject
    @ConfigProperty(name = "database.monitor.p95-window", defaultValue = "PT5M")
    Duration window;

    @Inject
    @ConfigProperty(name = "database.monitor.p95-check-interval", defaultValue = "PT15S")
    Duration checkInterval;

    private final Map<String, Long> thresholds = new ConcurrentHashMap<>();
    private P95Episodes episodes;
    private ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        episodes = new P95Episodes(window.toNanos());
        schedule = scheduler.scheduleWithFixedDelay(this::look, checkInterval.toMillis(), checkInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    /** The p95 threshold of {@code operation}. */
    public Duration thresholdOf(String operation) {
        return Duration.ofNanos(thresholds.computeIfAbsent(operation, name -> config
                .getOptionalValue(THRESHOLD + "." + name, Duration.class).orElse(threshold).toNanos()));
    }

    /** One look at every operation; nothing escapes it, since a periodic task that throws is never run again. */
    void look() {
        try {
            lookAtEveryOperation();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The p95 of the database operations could not be looked at: {0}", e.toString());
        }
    }

    private void lookAtEveryOperation() {
        long now = System.nanoTime();
        for (Map.Entry<String, Timer> entry : monitor.operationTimers().entrySet()) {
            String operation = entry.getKey();
            double p95 = p95(entry.getValue().getSnapshot());
            long limit = thresholdOf(operation).toNanos();
            switch (episodes.look(operation, p95, limit, now)) {
                case RAISED -> issues.fireAsync(new DatabaseIssue(DatabaseIssue.Kind.SLOW_OPERATION, String.format(
                        "the p95 of %s has been %d ms or more, over its threshold of %d ms, for %d s", operation,
                        Math.round(p95 / 1e6), limit / 1_000_000, window.toSeconds())));
                case RECOVERED -> LOG.log(Level.INFO, "The p95 of database operation {0} is back under {1} ms ({2} ms)",
                        new Object[] {operation, limit / 1_000_000, Math.round(p95 / 1e6)});
                case NONE -> {
                }
            }
        }
    }

    private static double p95(Snapshot snapshot) {
        for (Snapshot.PercentileValue value : snapshot.percentileValues()) {
            if (value.getPercentile() == 0.95) {
                return value.getValue();
            }
        }
        return 0;
    }
}
