package io.bulwark.database;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Records every database operation of the services on MicroProfile Metrics (a timer with percentiles per
 * operation, counters of failures by SQLState class, of slow operations, of retries and of prepared-statement
 * conflicts) and watches a sliding window for what needs an operator: the first prepared-statement conflict
 * in a window, and a jump in the share of failed operations. Both are published as {@link DatabaseIssue}
 * events; slow operations are logged, at most once a window per operation.
 */
@ApplicationScoped
public class DatabaseMonitor {

    static final String OPERATION_TIMER = "database.operation";
    static final String FAILURES = "database.operation.failures";
    static final String SLOW = "database.operation.slow";
    static final String RETRIES = "database.retries";
    static final String CONFLICTS = "database.prepared_statement.conflicts";

    private static final Logger LOG = Logger.getLogger(DatabaseMonitor.class.getName());
    private static final Set<String> PREPARED_STATEMENT_STATES = Set.of("26000", "42P05", "08P01");

    @Inject
    MetricRegistry metrics;

    @Inject
    Event<DatabaseIssue> issues;

    @Inject
    @ConfigProperty(name = "database.monitor.window", defaultValue = "PT60S")
    Duration window;

    @Inject
    @ConfigProperty(name = "database.monitor.slow-threshold", defaultValue = "PT0.5S")
    Duration slowThreshold;

    @Inject
    @ConfigProperty(name = "database.monitor.error-rate-threshold", defaultValue = "0.2")
    double errorRateThreshold;

    @Inject
    @ConfigProperty(name = "database.monitor.error-rate-min-operations", defaultValue = "20")
    int errorRateMinOperations;

    private final SlidingWindow recent = new SlidingWindow(6);
    private final Map<String, Long> lastSlowLog = new TreeMap<>();
    private final WindowGate conflictAlerts = new WindowGate();
    private final WindowGate spikeAlerts = new WindowGate();
    private Counter conflicts;

    /**
     * Registers the conflicts counter at 0 when the application starts: an alert on its increase must see the
     * first conflict, which it cannot when the series is born with it.
     */
    @PostConstruct
    void register() {
        conflicts = metrics.counter(Metadata.builder().withName(CONFLICTS)
                .withDescription("Database operations refused because of a server-side prepared statement (26000, 42P05, 08P01)").build());
    }

    /** Observing the application's start creates the bean, and with it the series that must exist from the start. */
    void registerAtStart(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // The call itself is the point: CDI creates the bean to deliver it.
    }

    /** Records one operation; {@code failure} is null when it succeeded. */
    public void record(String operation, long durationNanos, Throwable failure) {
        metrics.timer(OPERATION_TIMER, new Tag("operation", operation)).update(Duration.ofNanos(durationNanos));
        long now = System.nanoTime();
        recent.add(now, window.toNanos(), failure != null, isPreparedStatementConflict(failure));
        if (durationNanos > slowThreshold.toNanos()) {
            metrics.counter(SLOW, new Tag("operation", operation)).inc();
            logSlow(operation, durationNanos, now);
        }
        if (failure != null) {
            recordFailure(operation, failure, now);
        }
    }

    /** Counts one retry of a database-facing method. */
    public void recordRetry(String method) {
        metrics.counter(RETRIES, new Tag("method", method)).inc();
    }

    /** Figures of the sliding window, for the health report. */
    public SlidingWindow.Totals recentTotals() {
        return recent.totals(System.nanoTime(), window.toNanos());
    }

    public Duration window() {
        return window;
    }

    /** The share of failed operations in the window that counts as a spike. */
    public double errorRateThreshold() {
        return errorRateThreshold;
    }

    /** How many operations the window needs before its failure share means anything. */
    public int errorRateMinOperations() {
        return errorRateMinOperations;
    }

    /** What counts one operation as slow. */
    public Duration slowThreshold() {
        return slowThreshold;
    }

    /** Every operation's timer, by operation name. */
    public Map<String, Timer> operationTimers() {
        Map<String, Timer> timers = new TreeMap<>();
        metrics.getTimers((id, metric) -> OPERATION_TIMER.equals(id.getName()))
                .forEach((id, timer) -> timers.put(id.getTags().get("operation"), timer));
        return timers;
    }

    /** Failures per operation since start. */
    public Map<String, Long> failureCounts() {
        return sumBy(FAILURES, "operation");
    }

    /** Retries per method since start. */
    public Map<String, Long> retryCounts() {
        return sumBy(RETRIES, "method");
    }

    public long preparedStatementConflicts() {
        return conflicts.getCount();
    }

    private Map<String, Long> sumBy(String name, String tag) {
        Map<String, Long> sums = new TreeMap<>();
        Map<MetricID, Counter> counters = metrics.getCounters((id, metric) -> name.equals(id.getName()));
        counters.forEach((id, counter) -> sums.merge(id.getTags().get(tag), counter.getCount(), Long::sum));
        return sums;
    }

    private void recordFailure(String operation, Throwable failure, long now) {
        String sqlState = firstSqlState(failure);
        metrics.counter(FAILURES, new Tag("operation", operation),
                new Tag("sqlstate_class", sqlState == null ? "none" : sqlState.substring(0, 2)),
                new Tag("transient", Boolean.toString(FailureClassifier.isTransient(failure)))).inc();
        if (isPreparedStatementConflict(failure)) {
            conflicts.inc();
            if (conflictAlerts.open(now, window.toNanos())) {
                issues.fireAsync(new DatabaseIssue(DatabaseIssue.Kind.PREPARED_STATEMENT_CONFLICT, "operation " + operation
                        + " failed with SQLState " + sqlState + ": a server-side prepared statement met a pooled connection"));
            }
        }
        SlidingWindow.Totals totals = recent.totals(now, window.toNanos());
        if (totals.operations() >= errorRateMinOperations && totals.errorRate() >= errorRateThreshold
                && spikeAlerts.open(now, window.toNanos())) {
            issues.fireAsync(new DatabaseIssue(DatabaseIssue.Kind.ERROR_RATE_SPIKE, String.format(
                    "%d of %d database operations failed in the last %d s", totals.failures(), totals.operations(),
                    window.toSeconds())));
        }
    }

    private void logSlow(String operation, long durationNanos, long now) {
        synchronized (lastSlowLog) {
            Long last = lastSlowLog.get(operation);
            if (last != null && now - last < window.toNanos()) {
                return;
            }
            lastSlowLog.put(operation, now);
        }
        LOG.log(Level.WARNING, "Slow database operation {0}: {1} ms (threshold {2} ms)",
                new Object[] {operation, durationNanos / 1_000_000, slowThreshold.toMillis()});
    }

    /** Lets one thing through per window: the first time, then once the window has passed since the last. */
    static final class WindowGate {

        private Long last;

        synchronized boolean open(long now, long windowNanos) {
            if (last != null && now - last <= windowNanos) {
                return false;
            }
            last = now;
            return true;
        }
    }

    static boolean isPreparedStatementConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String message = String.valueOf(sql.getMessage());
                return PREPARED_STATEMENT_STATES.contains(sql.getSQLState())
                        && (message.contains("prepared statement") || message.contains("bind message"));
            }
        }
        return false;
    }

    private static String firstSqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
