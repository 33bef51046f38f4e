package io.bulwark.health;

import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.PrometheusSamples;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.TestEnvironment;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /api/database/health: the summary for anyone, the detailed report for admins, Prometheus text. */
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
    void prometheusFormatAgreesWithMetrics() {
        HttpResponse<String> prometheus = client.request("GET", "/api/database/health?format=prometheus", null);
        double metricsCount = PrometheusSamples.value(client.request("GET", "/metrics", null).body(),
                "database_operation_seconds_count", "operation=\"webhook.store\"");

        assertEquals(200, prometheus.statusCode());
        assertTrue(prometheus.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(prometheus.body().contains("bulwark_database_health_status{status=\"healthy\"} 1"), prometheus.body());
        double reportCount = PrometheusSamples.value(prometheus.body(), "bulwark_database_operation_seconds_count", "operation=\"webhook.store\"");
        assertEquals(metricsCount, reportCount, "the report counts what /metrics counts");
    }

    @Test
    void unknownFormatIs400() {
        assertEquals(400, client.request("GET", "/api/database/health?format=xml", null).statusCode());
        assertEquals(400, client.request("GET", "/api/database/health?detailed=yes", null).statusCode());
    }
}
