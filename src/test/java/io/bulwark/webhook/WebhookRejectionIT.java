package io.bulwark.webhook;

import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.WebhookClient;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every refusal a sender can meet: the documented status, as problem+json without internals, and nothing
 * stored.
 */
@ExtendWith(ArquillianExtension.class)
class WebhookRejectionIT {

    private final WebhookClient client = new WebhookClient();
    private final String delivery = "evt_rej_" + UUID.randomUUID();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void unknownSourceIs404() {
        byte[] body = validBody();
        assertProblem(client.post("/api/webhooks/nobody", client.standardHeaders(delivery, now(), body), body), 404);
    }

    @Test
    void invalidSourceNameIs404() {
        byte[] body = validBody();
        assertProblem(client.post("/api/webhooks/ac%20me", client.standardHeaders(delivery, now(), body), body), 404);
    }

    @Test
    void bodyThatIsNotJsonIs415() {
        byte[] body = validBody();
        Map<String, String> headers = new HashMap<>(client.standardHeaders(delivery, now(), body));
        headers.put("Content-Type", "text/plain");
        assertProblem(client.post("/api/webhooks/acme", headers, body), 415);
    }

    @Test
    void bodyOverTheLimitIs413() {
        byte[] body = new byte[1_048_577];
        java.util.Arrays.fill(body, (byte) ' ');
        assertProblem(client.post("/api/webhooks/acme", client.standardHeaders(delivery, now(), body), body), 413);
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        byte[] body = new byte[2_000_000];
        java.util.Arrays.fill(body, (byte) ' ');
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + System.getProperty("bulwark.it.httpPort")
                        + "/api/webhooks/acme"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        client.standardHeaders(delivery, now(), body).forEach(request::header);

        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertProblem(response, 413);
    }

    @Test
    void wrongSignatureIs401() {
        byte[] body = validBody();
        Map<String, String> headers = client.standardHeaders(delivery, now(), body);
        body[body.length - 2] = ' ';
        assertProblem(client.post("/api/webhooks/acme", headers, body), 401);
    }

    @Test
    void missingSignatureIs401() {
        byte[] body = validBody();
        Map<String, String> headers = new HashMap<>(client.standardHeaders(delivery, now(), body));
        headers.remove("webhook-signature");
        assertProblem(client.post("/api/webhooks/acme", headers, body), 401);
    }

    @Test
    void staleTimestampIs401() {
        byte[] body = validBody();
        assertProblem(client.post("/api/webhooks/acme", client.standardHeaders(delivery, now() - 301, body), body), 401);
    }

    @Test
    void malformedJsonIs400() {
        byte[] body = "{\"id\": \"x\", \"type\": ".getBytes(StandardCharsets.UTF_8);
        assertProblem(client.post("/api/webhooks/acme", client.standardHeaders(delivery, now(), body), body), 400);
    }

    @Test
    void nulCharacterInAStringIs400() {
        byte[] body = "{\"type\":\"customer.note\",\"data\":{\"note\":\"a\\u0000b\"}}".getBytes(StandardCharsets.UTF_8);
        assertProblem(client.post("/api/webhooks/acme", client.standardHeaders(delivery, now(), body), body), 400);
    }

    @Test
    void amountAsFloatingPointNumberIs400() {
        byte[] body = ("{\"id\":\"e\",\"type\":\"transaction.created\",\"occurredAt\":\"2026-11-29T12:00:00Z\",\"data\":{\"transaction\":"
                + "{\"id\":\"t\",\"accountId\":\"a\",\"amount\":-5.0,\"currency\":\"EUR\",\"status\":\"booked\"}}}").getBytes(StandardCharsets.UTF_8);
        JsonObject problem = assertProblem(client.post("/api/webhooks/acme", client.standardHeaders(delivery, now(), body), body), 400);
        assertTrue(problem.getString("detail").contains("amount"), problem.toString());
    }

    @Test
    void unknownPathIsProblemJson() {
        assertProblem(client.request("GET", "/api/nothing-here", null), 404);
    }

    private JsonObject assertProblem(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonObject problem = object(response);
        assertEquals(status, problem.getInt("status"));
        assertTrue(problem.getString("type").startsWith("https://"), problem.toString());
        assertFalse(problem.getString("title").isBlank());
        assertFalse(problem.getString("detail").isBlank());
        assertFalse(response.body().contains("Exception"), "no exception names: " + response.body());
        assertFalse(response.body().contains("\tat "), "no stack trace");
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE delivery_id = ?", delivery),
                "a refused delivery is not stored");
        return problem;
    }

    private byte[] validBody() {
        return Events.account("account.updated", delivery, Instant.now(), "acc_rej", "active", "EUR", "1.00")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
