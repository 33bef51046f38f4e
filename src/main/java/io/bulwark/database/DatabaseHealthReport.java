package io.bulwark.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.Snapshot;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Judges the database layer from what the monitor, the pool, the circuit breakers and one ping say:
 * {@code unhealthy} when requests cannot be served (schema not migrated, database unreachable, circuit open),
 * {@code degraded} when they are served at risk (pool exhausted, a burst of failures over the monitor's
 * configured error-rate threshold, prepared-statement conflicts, or a configuration that invites them), else
 * {@code healthy}. Every issue comes with a concrete recommendation. The detailed report also carries the
 * process's memory ({@link ProcessMemory}), since a struggling database and a struggling heap look alike
 * from outside.
 */
@ApplicationScoped
public class DatabaseHealthReport {

    /** An issue and what to do about it. */
    public record Issue(String severity, String issue, String recommendation) {
    }

    /** The unauthenticated summary. */
    public record Summary(String status, List<String> reasons, OffsetDateTime checkedAt) {
    }

    /**
     * One operation's figures: counts since start, latencies in milliseconds over the timer's recent window, and
     * the p95 threshold its slow-operation alert watches.
     */
    public record OperationFigures(long count, long failures, double meanMillis, double p50Millis, double p95Millis,
                                   double p99Millis, double maxMillis, long p95ThresholdMillis) {
    }

    /** The settings that decide whether prepared statements can meet a pooler. */
    public record Settings(String preparedStatements, Integer statementCacheSize, Integer prepareThreshold,
                           String applicationName, boolean behindPooler, Integer poolMax) {
    }

    /** The whole report, for admins. */
    public record Detailed(String status, List<String> reasons, OffsetDateTime checkedAt, DatabasePing.Result database,
                           String schemaVersion, Map<String, OperationFigures> operations,
                           ConnectionPoolStats.Figures pool, Map<String, Long> retries, long preparedStatementConflicts,
                           SlidingWindow.Totals recent, long windowSeconds, List<String> openCircuits, Settings settings,
                           List<Issue> issues, ProcessMemory.Figures memory) {
    }

    @Inject
    SchemaMigration migration;

    @Inject
    DatabasePing ping;

    @Inject
    CircuitBreakerStates circuits;

    @Inject
    ConnectionPoolStats pool;

    @Inject
    DatabaseMonitor monitor;

    @Inject
    SlowOperationWatch slowOperations;

    @Inject
    Config config;

    public Summary summary() {
        Detailed report = detailed();
        return new Summary(report.status(), report.reasons(), report.checkedAt());
    }

    public Detailed detailed() {
        DatabasePing.Result answer = ping.ping();
        List<String> open = circuits.openCircuits();
        Optional<ConnectionPoolStats.Figures> figures = pool.current();
        SlidingWindow.Totals recent = monitor.recentTotals();
        Settings settings = settings(answer);
        List<String> unhealthy = new ArrayList<>();
        List<Issue> issues = new ArrayList<>();
        MigrationStatus schema = migration.status();
        if (!schema.isDone()) {
            unhealthy.add("schema not migrated");
            issues.add(new Issue("critical", "the schema is not migrated (" + schema.lastFailure() + ")",
                    "check DB_DIRECT_HOST/DB_DIRECT_PORT: migrations need a direct connection to PostgreSQL"));
        }
        if (!answer.reachable()) {
            unhealthy.add("database unreachable: " + answer.error());
            issues.add(new Issue("critical", "PostgreSQL does not answer through the pool (" + answer.error() + ")",
                    "check the pooler and PostgreSQL; deliveries are answered 503 and senders retry"));
        }
        if (!open.isEmpty()) {
            unhealthy.add("circuit open: " + String.join(", ", open));
        }
        List<String> degraded = new ArrayList<>();
        figures.filter(ConnectionPoolStats.Figures::exhausted).ifPresent(exhausted -> {
            degraded.add("connection pool exhausted");
            issues.add(new Issue("warning", "all " + exhausted.max() + " pooled connections are in use",
                    "raise DB_POOL_MAX (and the pooler's pool size with it) or add replicas"));
        });
        if (recent.conflicts() > 0) {
            degraded.add("prepared-statement conflicts");
            issues.add(new Issue("critical", recent.conflicts() + " prepared-statement conflicts in the last "
                    + monitor.window().toSeconds() + " s", "set DB_PREPARED_STATEMENTS=off behind a transaction pooler"));
        }
        if (recent.operations() >= monitor.errorRateMinOperations() && recent.errorRate() >= monitor.errorRateThreshold()) {
            degraded.add("error rate " + Math.round(recent.errorRate() * 100) + "%");
            issues.add(new Issue("warning", recent.failures() + " of " + recent.operations() + " operations failed recently",
                    "look at the failures by SQLState class in /metrics (database_operation_failures_total)"));
        }
        if ("on".equals(settings.preparedStatements()) && settings.behindPooler()) {
            degraded.add("prepared statements on behind a pooler");
            issues.add(new Issue("critical", "prepared statements are on while the server is behind a transaction pooler",
                    "set DB_PREPARED_STATEMENTS=off, unless the pooler is PgBouncer >= 1.21 with max_prepared_statements"));
        }
        String status = !unhealthy.isEmpty() ? "unhealthy" : !degraded.isEmpty() ? "degraded" : "healthy";
        List<String> reasons = new ArrayList<>(unhealthy);
        reasons.addAll(degraded);
        return new Detailed(status, reasons, OffsetDateTime.now(ZoneOffset.UTC), answer, schema.version(), operations(),
                figures.orElse(null), monitor.retryCounts(), monitor.preparedStatementConflicts(), recent,
                monitor.window().toSeconds(), open, settings, issues, ProcessMemory.now());
    }

    private Map<String, OperationFigures> operations() {
        Map<String, Long> failures = monitor.failureCounts();
        Map<String, OperationFigures> operations = new LinkedHashMap<>();
        monitor.operationTimers().forEach((name, timer) -> operations.put(name, figures(timer, failures.getOrDefault(name, 0L),
                slowOperations.thresholdOf(name).toMillis())));
        return operations;
    }

    private static OperationFigures figures(Timer timer, long failures, long p95ThresholdMillis) {
        Snapshot snapshot = timer.getSnapshot();
        double p50 = 0;
        double p95 = 0;
        double p99 = 0;
        for (Snapshot.PercentileValue value : snapshot.percentileValues()) {
            if (value.getPercentile() == 0.5) {
                p50 = millis(value.getValue());
            } else if (value.getPercentile() == 0.95) {
                p95 = millis(value.getValue());
            } else if (value.getPercentile() == 0.99) {
                p99 = millis(value.getValue());
            }
        }
        return new OperationFigures(timer.getCount(), failures, millis(snapshot.getMean()), p50, p95, p99, millis(snapshot.getMax()),
                p95ThresholdMillis);
    }

    private static double millis(double nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private Settings settings(DatabasePing.Result answer) {
        String host = text("DB_HOST");
        String port = text("DB_PORT");
        boolean behindPooler = !Objects.equals(host, text("DB_DIRECT_HOST", host)) || !Objects.equals(port, text("DB_DIRECT_PORT", port));
        return new Settings(text("DB_PREPARED_STATEMENTS", "off"), integer("bulwark.statementCacheSize"),
                integer("bulwark.prepareThreshold"), answer.applicationName(), behindPooler, integer("DB_POOL_MAX"));
    }

    private String text(String key) {
        return config.getOptionalValue(key, String.class).orElse(null);
    }

    private String text(String key, String fallback) {
        return config.getOptionalValue(key, String.class).orElse(fallback);
    }

    private Integer integer(String key) {
        return config.getOptionalValue(key, Integer.class).orElse(null);
    }
}
