package io.bulwark.alert;

import io.bulwark.database.DatabaseIssue;
import io.bulwark.database.ExponentialBackoff;
import io.bulwark.database.SqlFailures;
import io.bulwark.database.TransientDatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

/**
 * Turns what the database monitor notices into alerts, asynchronously, so that a request that met the
 * problem does not also wait for its alert.
 */
@ApplicationScoped
public class DatabaseIssueAlerts {

    private static final Logger LOG = Logger.getLogger(DatabaseIssueAlerts.class.getName());

    @Inject
    StandaloneAlerts alerts;

    @Inject
    DatabaseIssueAlerts self;

    void raise(@ObservesAsync DatabaseIssue issue) {
        LOG.log(Level.WARNING, "Database issue {0}: {1}", new Object[] {issue.kind(), issue.detail()});
        try {
            self.store(issue);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Alert for {0} not stored: {1}", new Object[] {issue.kind(), SqlFailures.describe(e)});
        }
    }

    /**
     * Stores the alert, retrying transient failures: the database is often the very thing in trouble when
     * the monitor speaks (a conflict storm hits the alert's own insert too).
     */
    @Retry(retryOn = TransientDatabaseException.class, abortOn = FaultToleranceException.class, maxRetries = 6, delay = 0, jitter = 0)
    @ExponentialBackoff
    public void store(DatabaseIssue issue) {
        try {
            switch (issue.kind()) {
                case PREPARED_STATEMENT_CONFLICT -> alerts.raise(AlertSeverity.CRITICAL,
                        "Prepared statement conflict: is DB_PREPARED_STATEMENTS on behind a transaction pooler?",
                        "PreparedStatementConflict");
                case ERROR_RATE_SPIKE -> alerts.raise(AlertSeverity.WARNING,
                        "Database error rate spike: " + issue.detail(), "ErrorRateSpike");
                case SLOW_OPERATION -> alerts.raise(AlertSeverity.WARNING,
                        "Slow database operation: " + issue.detail(), "SlowOperation");
            }
        } catch (RuntimeException failure) {
            throw TransientDatabaseException.rethrow(failure);
        }
    }
}
