package io.bulwark.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.PrometheusSamples;
import io.bulwark.testing.RowLock;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.TestCredentials;
import io.bulwark.testing.infra.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

/**
 * Every metric the Grafana dashboard and the Prometheus alert rules query is one that {@code /metrics} of a real
 * server exports once it has seen traffic (accepted and refused deliveries, a failed database operation): a renamed metric would otherwise leave an empty panel, or an alert that can never fire.
 */
@ExtendWith(ArquillianExtension.class)
class MonitoringFilesIT {

    private static final Path DASHBOARD = Path.of("docker", "grafana", "dashboards", "bulwark.json");
    private static final Path RULES = Path.of("docker", "prometheus", "alerts.yml");
    /** Made by Prometheus itself for every target, not by the application. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final WebhookClient client = new WebhookClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void everyMetricTheDashboardAndTheRulesQueryIsExported() throws IOException, InterruptedException {
        sendTraffic();
        Set<String> exported = exportedNames(client.request("GET", "/metrics", null).body());

        Set<String> queried = new TreeSet<>();
        dashboardExpressions().forEach(expression -> queried.addAll(metricNames(expression)));
        int fromDashboard = queried.size();
        ruleExpressions().forEach(expression -> queried.addAll(metricNames(expression)));
        queried.removeAll(PROMETHEUS_SERIES);

        assertTrue(fromDashboard >= 15, "the dashboard's queries were read: " + queried);
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exported);
        assertEquals(Set.of(), missing, "queried but not exported by /metrics (exported: " + exported + ")");
    }

    @Test
    void metricNamesAreReadOutOfPromQlAndNothingElse() {
        assertEquals(Set.of("webhooks_rejected_total", "webhooks_received_total"), metricNames(
                "sum by (source, status) (rate(webhooks_rejected_total{source!=\"_unknown\",status=~\"4..\"}[5m])) "
                        + "/ on (source) group_left sum by (source) (rate(webhooks_received_total[5m])) > 0.2"));
        assertEquals(Set.of("gauges_refresh_timestamp_seconds"), metricNames("time() - max(gauges_refresh_timestamp_seconds) > 300"));
        assertEquals(Set.of("ft_circuitbreaker_state_total_nanoseconds"),
                metricNames("max by (method) (delta(ft_circuitbreaker_state_total_nanoseconds{state=\"open\"}[2m])) / 1e9"));
    }

    /**
     * Accepted and refused deliveries, and a delivery whose account row is locked past the query timeout: a real
     * failed database operation (SQLState class 57, statement cancelled), which the failure series are born with.
     */
    private void sendTraffic() throws InterruptedException {
        String account = "acc_dash_" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            String id = "evt_" + UUID.randomUUID();
            assertEquals(200, client.sendStandard(id, Events.account(i == 0 ? "account.created" : "account.updated", id,
                    Instant.now().minusSeconds(60 - i), account, "active", "EUR", "1.00")).statusCode());
        }
        byte[] unsigned = "{}".getBytes(StandardCharsets.UTF_8);
        assertEquals(401, client.post("/api/webhooks/acme", Map.of("Content-Type", "application/json"), unsigned).statusCode());
        CompletableFuture<HttpResponse<String>> blocked;
        try (RowLock lock = RowLock.account(TestCredentials.STANDARD_SOURCE, account)) {
            String id = "evt_" + UUID.randomUUID();
            blocked = CompletableFuture.supplyAsync(() -> client.sendStandard(id, Events.account("account.updated", id,
                    Instant.now(), account, "active", "EUR", "2.00")));
            Thread.sleep(Duration.parse("PT" + TestEnvironment.QUERY_TIMEOUT).toMillis() + 1_500);
        }
        assertTrue(Set.of(200, 503).contains(blocked.join().statusCode()), "answered once the lock was released, or refused");
        assertTrue(PrometheusSamples.value(client.request("GET", "/metrics", null).body(), "database_operation_failures_total",
                "sqlstate_class=\"57\"") > 0, "the locked row made a database operation fail");
    }

    /** The metric names of a PromQL expression: selectors, not functions, keywords, labels, durations or numbers. */
    static Set<String> metricNames(String expression) {
        String stripped = QUOTED.matcher(expression).replaceAll("\"\"");
        stripped = stripped.replaceAll("\\{[^}]*\\}", " ").replaceAll("\\[[^]]*\\]", " ");
        stripped = GROUPING.matcher(stripped).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher name = NAME.matcher(stripped);
        while (name.find()) {
            String candidate = name.group();
            boolean isNumber = name.start() > 0 && Character.isDigit(stripped.charAt(name.start() - 1));
            boolean isCall = stripped.substring(name.end()).matches("(?s)\\s*\\(.*");
            if (!isNumber && !isCall && !KEYWORDS.contains(candidate)) {
                names.add(candidate);
            }
        }
        return names;
    }

    private static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        Matcher sample = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(exposition);
        while (sample.find()) {
            names.add(sample.group(1));
        }
        assertFalse(names.isEmpty(), exposition);
        return names;
    }

    private static List<String> dashboardExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(DASHBOARD))) {
            for (JsonValue panel : reader.readObject().getJsonArray("panels")) {
                for (JsonValue target : panel.asJsonObject().getJsonArray("targets")) {
                    expressions.add(((JsonObject) target).getString("expr"));
                }
            }
        }
        return expressions;
    }

    @SuppressWarnings("unchecked")
    private static List<String> ruleExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(RULES)) {
            Map<String, Object> rules = new Yaml().load(reader);
            for (Object group : (List<Object>) rules.get("groups")) {
                for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
                    expressions.add((String) ((Map<String, Object>) rule).get("expr"));
                }
            }
        }
        return expressions;
    }
}
