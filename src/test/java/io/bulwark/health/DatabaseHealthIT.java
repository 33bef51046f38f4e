package io.bulwark.health;

import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.PgBouncerCondition;
import io.bulwark.testing.PrometheusSamples;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.PgBouncer;
import io.bulwark.testing.infra.TestEnvironment;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /api/database/health: the summary for anyone, the detailed report for admins, Prometheus text from the registry. */
@ExtendWith(ArquillianExtension.class)
class DatabaseHealthIT {

    private final WebhookClient client = new WebhookClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @BeforeEach
    void storeADelivery() {
        String id = "evt_" + UUID.randomUUID();
        assertEquals(200, client.sendStandard(id, Events.account("account.updated", id, Instant.now(), "acc_health", "active", "EUR", "1.00"))
                .statusCode());
    }

    @Test
    void summaryNeedsNoCredentialsAndSaysHealthy() {
        HttpResponse<String> response = client.request("GET", "/api/database/health", null);

        assertEquals(200, response.statusCode(), response.body());
        JsonObject summary = object(response);
        assertEquals("healthy", summary.getString("status"), response.body());
        assertEquals(0, summary.getJsonArray("reasons").size());
    }

    @Test
    void detailedReportIsForAdmins() {
        HttpResponse<String> anonymous = client.request("GET", "/api/database/health?detailed=true", null);
        assertEquals(401, anonymous.statusCode());
        assertEquals(401, object(anonymous).getInt("status"));

        JsonObject report = object(client.admin("GET", "/api/database/health?detailed=true"));

        JsonObject store = report.getJsonObject("operations").getJsonObject("webhook.store");
        assertTrue(store.getJsonNumber("count").longValue() > 0, report.toString());
        assertTrue(store.getJsonNumber("p99Millis").doubleValue() >= store.getJsonNumber("p50Millis").doubleValue());
        JsonObject settings = report.getJsonObject("settings");
        assertEquals("off", settings.getString("preparedStatements"));
        assertEquals(0, settings.getInt("statementCacheSize"));
        assertEquals(0, settings.getInt("prepareThreshold"));
        assertTrue(settings.getString("applicationName").startsWith("bulwark-"), settings.toString());
        assertEquals(TestEnvironment.get().pgBouncer().isPresent(), settings.getBoolean("behindPooler"));
        assertEquals(20, report.getJsonObject("pool").getInt("max"));
        assertTrue(report.getJsonObject("database").getBoolean("reachable"));
        assertEquals(0, report.getJsonArray("issues").size(), report.toString());
        assertTrue(!report.toString().contains("password"), "never a password");
    }

    @Test
    void detailedReportCarriesTheProcessMemoryAndTheP95Thresholds() {
        JsonObject report = object(client.admin("GET", "/api/database/health?detailed=true"));

        JsonObject memory = report.getJsonObject("memory");
        long heapUsed = memory.getJsonNumber("heapUsedBytes").longValue();
        assertTrue(heapUsed > 0, memory.toString());
        assertTrue(memory.getJsonNumber("heapMaxBytes").longValue() >= heapUsed, memory.toString());
        assertTrue(memory.getJsonNumber("nonHeapUsedBytes").longValue() > 0, memory.toString());
        assertTrue(memory.getJsonNumber("residentBytes").longValue() > 0, "Linux has /proc/self/status: " + memory);
        JsonObject store = report.getJsonObject("operations").getJsonObject("webhook.store");
        assertEquals(1000, store.getJsonNumber("p95ThresholdMillis").longValue(), store.toString());
    }

    @Test
    void prometheusFormatIsTheRegistryUnderTheNamesOfMetrics() throws InterruptedException {
        awaitFirstRefresh();
        String metricsBefore = client.request("GET", "/metrics", null).body();
        HttpResponse<String> prometheus = client.request("GET", "/api/database/health?format=prometheus", null);
        String metricsAfter = client.request("GET", "/metrics", null).body();

        assertEquals(200, prometheus.statusCode());
        assertTrue(prometheus.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        Map<String, Double> report = PrometheusSamples.samples(prometheus.body(), PrometheusSamples.APPLICATION);
        Set<String> exported = new TreeSet<>(PrometheusSamples.samples(metricsBefore, PrometheusSamples.APPLICATION).keySet());
        exported.addAll(PrometheusSamples.samples(metricsAfter, PrometheusSamples.APPLICATION).keySet());
        Set<String> invented = new TreeSet<>(report.keySet());
        invented.removeAll(exported);
        assertEquals(Set.of(), invented, "every sample of the report is one /metrics exports, under the same name and labels");
        Set<String> missing = new TreeSet<>(PrometheusSamples.samples(metricsBefore, PrometheusSamples.APPLICATION).keySet());
        missing.removeAll(report.keySet());
        assertEquals(Set.of(), missing, "the report leaves none of the application's series out");
        assertEquals(1.0, report.get("database_health_status{mp_scope=\"application\",status=\"healthy\",}"), prometheus.body());
        String received = "webhooks_received_total{mp_scope=\"application\",source=\"acme\",}";
        assertEquals(PrometheusSamples.samples(metricsAfter, PrometheusSamples.APPLICATION).get(received), report.get(received),
                "the report counts what /metrics counts");
    }

    /**
     * With PgBouncer paused, a query waits in it: a request that pings the database (the JSON summary) cannot
     * answer, while the Prometheus format and /metrics answer at once, since they read cached figures.
     */
    @Test
    @ExtendWith(PgBouncerCondition.class)
    void prometheusFormatNeverReachesTheDatabase() throws Exception {
        PgBouncer pgBouncer = TestEnvironment.get().pgBouncer().orElseThrow();
        pgBouncer.console("PAUSE");
        CompletableFuture<HttpResponse<String>> summary;
        try {
            summary = CompletableFuture.supplyAsync(() -> client.request("GET", "/api/database/health", null));
            Thread.sleep(300);
            long started = System.nanoTime();
            HttpResponse<String> prometheus = client.request("GET", "/api/database/health?format=prometheus", null);
            HttpResponse<String> metrics = client.request("GET", "/metrics", null);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertEquals(200, prometheus.statusCode());
            assertEquals(200, metrics.statusCode());
            assertTrue(prometheus.body().contains("webhooks_failed_backlog{"), prometheus.body());
            assertTrue(took.toMillis() < 1500, "both scrapes answered in " + took.toMillis() + " ms while the database waits");
            assertFalse(summary.isDone(), "the summary, which pings, is still waiting for the paused database");
        } finally {
            pgBouncer.console("RESUME");
        }
        assertEquals(200, summary.get(30, TimeUnit.SECONDS).statusCode());
    }

    /** The status gauge is the one of the last background refresh; the first runs as the application starts. */
    private void awaitFirstRefresh() throws InterruptedException {
        for (int attempt = 0; attempt < 60; attempt++) {
            if (PrometheusSamples.value(client.request("GET", "/metrics", null).body(), "gauges_refresh_timestamp_seconds",
                    PrometheusSamples.APPLICATION) > 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the operational gauges were not refreshed within 30 s");
    }

    @Test
    void unknownFormatIs400() {
        assertEquals(400, client.request("GET", "/api/database/health?format=xml", null).statusCode());
        assertEquals(400, client.request("GET", "/api/database/health?detailed=yes", null).statusCode());
    }
}
