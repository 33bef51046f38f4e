package io.bulwark.health;

import static io.bulwark.testing.PrometheusSamples.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.WebhookClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /metrics as a Prometheus scrape sees it: unauthenticated, with the application's and the pool's figures. */
@ExtendWith(ArquillianExtension.class)
class MetricsIT {

    private final WebhookClient client = new WebhookClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void deliveriesAreCountedByOutcome() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        double received = value(scrape(), "webhooks_received_total", "source=\"acme\"");
        double duplicates = value(scrape(), "webhooks_duplicate_total", "source=\"acme\"");
        double failed = value(scrape(), "webhooks_failed_total", "source=\"acme\"");
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        String account = Events.account("account.created", "evt_m1_" + run, at, "acc_m_" + run, "active", "EUR", "0.00");

        client.sendStandard("evt_m1_" + run, account);
        client.sendStandard("evt_m1_" + run, account);
        client.sendStandard("evt_m2_" + run, Events.transaction("transaction.created", "evt_m2_" + run, at.plusSeconds(1),
                "tx_m_" + run, "acc_m_" + run, "1.00", "USD", "booked"));

        String metrics = scrape();
        assertEquals(received + 3, value(metrics, "webhooks_received_total", "source=\"acme\""));
        assertEquals(duplicates + 1, value(metrics, "webhooks_duplicate_total", "source=\"acme\""));
        assertEquals(failed + 1, value(metrics, "webhooks_failed_total", "source=\"acme\""));
    }

    @Test
    void databaseOperationsAndThePoolArePublished() {
        client.sendStandard("evt_" + UUID.randomUUID(), Events.account("account.updated", "e", Instant.now(), "acc_metrics", "active", "EUR", "1.00"));

        String metrics = scrape();

        assertTrue(value(metrics, "database_operation_seconds_count", "operation=\"webhook.store\"") > 0, "store operations timed");
        assertTrue(metrics.contains("database_operation_seconds{") && metrics.contains("quantile=\"0.99\""), "latency percentiles");
        assertTrue(Pattern.compile("connectionpool_\\w+\\{[^}]*datasource=\"jdbc_bulwark\"").matcher(metrics).find(),
                "Liberty's connection pool metrics for jdbc/bulwark");
    }

    private String scrape() {
        HttpResponse<String> response = client.request("GET", "/metrics", null);
        assertEquals(200, response.statusCode(), "/metrics needs no credentials: " + response.body());
        return response.body();
    }
}
