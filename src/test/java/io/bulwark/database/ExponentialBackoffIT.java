package io.bulwark.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.MetricsScrape;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The retry policy as Liberty's Fault Tolerance runs it: transient failures are retried with waits that
 * double (50 ms base, half of each wait random), permanent ones are not retried at all, and every retry is
 * counted where operators look, on /metrics.
 */
@ExtendWith(ArquillianExtension.class)
class ExponentialBackoffIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Inject
    FlakyOperation operation;

    @Test
    void transientFailuresAreRetriedWithDoublingWaits() {
        double retriesBefore = retriesOnMetrics();
        operation.failTransiently(4);

        assertEquals("done", operation.call());

        assertEquals(retriesBefore + 4, retriesOnMetrics(), "the four retries are counted on /metrics");

        List<Long> attempts = operation.attemptNanos();
        assertEquals(5, attempts.size(), "one call and four retries");
        for (int retry = 1; retry <= 4; retry++) {
            long waitedMillis = (attempts.get(retry) - attempts.get(retry - 1)) / 1_000_000;
            long ceiling = 50L << (retry - 1);
            assertTrue(waitedMillis >= ceiling / 2, "retry " + retry + " waited " + waitedMillis + " ms, at least " + ceiling / 2);
        }
    }

    @Test
    void permanentFailuresAreNotRetried() {
        double retriesBefore = retriesOnMetrics();
        operation.failPermanently("23505");

        assertThrows(DatabaseAccessException.class, operation::call);

        assertEquals(1, operation.attemptNanos().size());
        assertEquals(retriesBefore, retriesOnMetrics(), "no retry on /metrics");
    }

    @Test
    void transientFailuresBeyondTheRetriesReachTheCaller() {
        double retriesBefore = retriesOnMetrics();
        operation.failTransiently(10);

        assertThrows(TransientDatabaseException.class, operation::call);

        assertEquals(5, operation.attemptNanos().size());
        assertEquals(retriesBefore + 4, retriesOnMetrics(), "every retry is counted on /metrics");
    }

    private static double retriesOnMetrics() {
        String baseUrl = "http://localhost:" + ConfigProvider.getConfig().getValue("HTTP_PORT", String.class);
        return MetricsScrape.value(baseUrl, "database_retries_total", "method=\"FlakyOperation.call\"");
    }
}
