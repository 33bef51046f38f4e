package io.bulwark.health;

import static io.bulwark.testing.PrometheusSamples.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.RawHttp;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.TestCredentials;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /metrics as a Prometheus scrape sees it: unauthenticated, with the application's and the pool's figures. */
@ExtendWith(ArquillianExtension.class)
class MetricsIT {

    /** Every source the run configures, by its canonical name. */
    private static final List<String> SOURCES = List.of(TestCredentials.STANDARD_SOURCE, TestCredentials.STRIPE_SOURCE,
            TestCredentials.GITHUB_SOURCE, TestCredentials.UNSIGNED_SOURCE, "pay-ops", TestCredentials.HMAC_SOURCE,
            TestCredentials.MAPPED_SOURCE, TestCredentials.ASYMMETRIC_SOURCE);
    private static final List<String> STATUSES = List.of("400", "401", "404", "408", "413", "415", "429", "500", "503", "other");

    /** /metrics of the freshly deployed application, before this class sent it anything. */
    private static String beforeAnyTraffic;

    private final WebhookClient client = new WebhookClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @BeforeAll
    static void scrapeBeforeAnyTraffic() {
        beforeAnyTraffic = new WebhookClient().request("GET", "/metrics", null).body();
    }

    @Test
    void everySourceHasItsSeriesAtZeroBeforeItsFirstDelivery() {
        for (String source : SOURCES) {
            String label = "source=\"" + source + "\"";
            for (String counter : List.of("webhooks_received_total", "webhooks_duplicate_total", "webhooks_failed_total")) {
                assertSample(beforeAnyTraffic, counter, label, 0);
            }
            for (String status : STATUSES) {
                assertSample(beforeAnyTraffic, "webhooks_rejected_total", label + ",status=\"" + status + "\"", 0);
            }
        }
        assertTrue(Pattern.compile("(?m)^database_prepared_statement_conflicts_total\\{[^}]*\\} 0\\.0$").matcher(beforeAnyTraffic).find(),
                "conflicts are a series at 0 before the first one, so increase() sees the first: " + beforeAnyTraffic);
        assertFalse(beforeAnyTraffic.contains("source=\"pay_ops\""), "sources are labelled by their canonical name only");
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
    void rejectionsAreCountedBySourceAndStatus() throws IOException {
        String before = scrape();
        String id = "evt_" + UUID.randomUUID();
        byte[] valid = Events.account("account.updated", id, Instant.now(), "acc_rej", "active", "EUR", "1.00")
                .getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        Map<String, String> tampered = client.standardHeaders(id, now, valid);
        tampered.put("webhook-signature", "v1,AAAA");
        assertEquals(401, client.post("/api/webhooks/acme", tampered, valid).statusCode());
        assertEquals(401, client.post("/api/webhooks/ACME", tampered, valid).statusCode());
        byte[] broken = "{\"type\":".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, client.post("/api/webhooks/acme", client.standardHeaders(id, now, broken), broken).statusCode());
        Map<String, String> text = new LinkedHashMap<>(client.standardHeaders(id, now, valid));
        text.put("Content-Type", "text/plain");
        assertEquals(415, client.post("/api/webhooks/acme", text, valid).statusCode());
        byte[] huge = new byte[1_048_577];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertEquals(413, client.post("/api/webhooks/acme", client.standardHeaders(id, now, huge), huge).statusCode());
        Map<String, String> notAMediaType = new LinkedHashMap<>(client.standardHeaders(id, now, valid));
        notAMediaType.put("Content-Type", "json");
        assertEquals(400, client.post("/api/webhooks/stripeco", notAMediaType, valid).statusCode(),
                "refused by HeaderCheckFilter, before JAX-RS");
        assertEquals(404, client.post("/api/webhooks/nobody-" + id, client.standardHeaders(id, now, valid), valid).statusCode());
        assertEquals(404, client.post("/api/webhooks/other-" + id, client.standardHeaders(id, now, valid), valid).statusCode());

        String after = scrape();
        assertIncrease(before, after, "acme", "401", 2);
        assertIncrease(before, after, "acme", "400", 1);
        assertIncrease(before, after, "acme", "415", 1);
        assertIncrease(before, after, "acme", "413", 1);
        assertIncrease(before, after, "stripeco", "400", 1);
        assertIncrease(before, after, "_unknown", "404", 2);
        assertFalse(after.contains(id), "a name that is no source never becomes a label");
    }

    @Test
    void aBodyThatNeverArrivesIsCountedAs408() throws IOException {
        double before = value(scrape(), "webhooks_rejected_total", "source=\"open\",status=\"408\"");
        int port = Integer.getInteger("bulwark.it.httpPort");
        try (RawHttp connection = RawHttp.connect(port)) {
            connection.write(RawHttp.head("POST", "/api/webhooks/open", port,
                    Map.of("Content-Type", "application/json", "Content-Length", "100")));
            connection.write("{".getBytes(StandardCharsets.UTF_8));
            assertEquals(408, connection.readResponse(Duration.ofSeconds(40)).status());
        }
        assertEquals(before + 1, value(scrape(), "webhooks_rejected_total", "source=\"open\",status=\"408\""));
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

    private static void assertIncrease(String before, String after, String source, String status, int by) {
        String labels = "source=\"" + source + "\",status=\"" + status + "\"";
        assertEquals(value(before, "webhooks_rejected_total", labels) + by, value(after, "webhooks_rejected_total", labels), labels);
    }

    private static void assertSample(String exposition, String name, String labels, double expected) {
        assertTrue(Pattern.compile("(?m)^" + name + "\\{[^}]*" + Pattern.quote(labels) + "[^}]*\\} ").matcher(exposition).find(),
                name + "{" + labels + "} is exported before any traffic");
        assertEquals(expected, value(exposition, name, labels), name + "{" + labels + "}");
    }

    private String scrape() {
        HttpResponse<String> response = client.request("GET", "/metrics", null);
        assertEquals(200, response.statusCode(), "/metrics needs no credentials: " + response.body());
        return response.body();
    }
}
