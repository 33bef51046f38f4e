package io.bulwark.health;

import io.bulwark.alert.OpenAlerts;
import io.bulwark.database.DatabaseHealthReport;
import io.bulwark.database.SchemaMigration;
import io.bulwark.database.SqlFailures;
import io.bulwark.webhook.FailedBacklog;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The gauges that need the database: the FAILED backlog ({@code webhooks.failed.backlog}), the age of its
 * oldest event ({@code webhooks.failed.oldest.age}, seconds), the unacknowledged alerts ({@code alerts.open})
 * and the health report's status ({@code database.health.status}, 1 for the current one). A scrape must never
 * reach the database (Prometheus scrapes every replica every few seconds, and a scrape is what an operator
 * looks at while the database struggles), so a managed scheduler refreshes them every
 * {@code metrics.gauges.refresh-interval} and the gauges read what it cached. A refresh that fails keeps the
 * last values and counts {@code gauges.refresh.failures}; {@code gauges.refresh.timestamp} is the time of the
 * last one that succeeded, so stale figures show as such.
 */
@ApplicationScoped
public class OperationalGauges {

    static final String[] STATUSES = {"healthy", "degraded", "unhealthy"};
    private static final Logger LOG = Logger.getLogger(OperationalGauges.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    MetricRegistry metrics;

    @Inject
    FailedBacklog backlog;

    @Inject
    OpenAlerts alerts;

    @Inject
    DatabaseHealthReport report;

    @Inject
    SchemaMigration migration;


    @Inject
    @ConfigProperty(name = "metrics.gauges.refresh-interval", defaultValue = "PT15S")
    Duration interval;

    private volatile long failedEvents;
    private volatile Instant oldestFailed;
    private volatile long openAlerts;
    private volatile String status = "unhealthy";
    private volatile long refreshedAtMillis;
    private Counter refreshFailures;
    private ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        metrics.gauge(Metadata.builder().withName("webhooks.failed.backlog")
                .withDescription("Webhook events stored as FAILED now, as of the last refresh").build(), this, g -> g.failedEvents);
        metrics.gauge(Metadata.builder().withName("webhooks.failed.oldest.age").withUnit(MetricUnits.SECONDS)
                .withDescription("How long the oldest FAILED event has waited since it was received; 0 without one").build(),
                this, OperationalGauges::oldestFailedAgeSeconds);
        metrics.gauge(Metadata.builder().withName("alerts.open")
                .withDescription("Alerts not acknowledged yet, as of the last refresh").build(), this, g -> g.openAlerts);
        for (String each : STATUSES) {
            metrics.gauge(Metadata.builder().withName("database.health.status")
                    .withDescription("1 for the database health report's status as of the last refresh, 0 for the others").build(),
                    this, g -> each.equals(g.status) ? 1 : 0, new Tag("status", each));
        }
        metrics.gauge(Metadata.builder().withName("gauges.refresh.timestamp").withUnit(MetricUnits.SECONDS)
                .withDescription("When the database-backed gauges were last refreshed successfully (Unix time); 0 before the first").build(),
                this, g -> g.refreshedAtMillis / 1000.0);
        refreshFailures = metrics.counter(Metadata.builder().withName("gauges.refresh.failures")
                .withDescription("Refreshes of the database-backed gauges that failed and kept the last values").build());
        schedule = scheduler.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    /**
     * One refresh: every figure or none, so the gauges never mix two moments. Nothing escapes it, since a
     * periodic task that throws is never run again.
     */
    void refresh() {
        try {
            status = report.summary().status();
            if (!migration.status().isDone()) {
                return;
            }
            FailedBacklog.Figures failed = backlog.now();
            long open = alerts.count();
            failedEvents = failed.count();
            oldestFailed = failed.oldestReceivedAt();
            openAlerts = open;
            refreshedAtMillis = System.currentTimeMillis();
        } catch (RuntimeException e) {
            refreshFailures.inc();
            LOG.log(Level.WARNING, "The operational gauges were not refreshed and keep their last values: {0}", SqlFailures.describe(e));
        }
    }

    private double oldestFailedAgeSeconds() {
        Instant oldest = oldestFailed;
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }
}
