package io.bulwark.database;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;

/** A database operation that fails as told, for testing the retry policy inside the server. */
@ApplicationScoped
public class FlakyOperation {

    private final List<Long> attempts = new ArrayList<>();
    private int transientFailuresLeft;
    private String permanentState;

    public synchronized void failTransiently(int times) {
        attempts.clear();
        transientFailuresLeft = times;
        permanentState = null;
    }

    public synchronized void failPermanently(String sqlState) {
        attempts.clear();
        transientFailuresLeft = 0;
        permanentState = sqlState;
    }

    public synchronized List<Long> attemptNanos() {
        return List.copyOf(attempts);
    }

    @Retry(retryOn = TransientDatabaseException.class, maxRetries = 4, delay = 0, jitter = 0)
    @ExponentialBackoff
    public String call() {
        synchronized (this) {
            attempts.add(System.nanoTime());
            if (permanentState != null) {
                throw TransientDatabaseException.rethrow(new DatabaseAccessException(new SQLException("permanent", permanentState)));
            }
            if (transientFailuresLeft-- > 0) {
                throw TransientDatabaseException.rethrow(new DatabaseAccessException(new SQLException("connection lost", "08006")));
            }
        }
        return "done";
    }
}
