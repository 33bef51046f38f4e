package io.bulwark.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.Signer;
import io.bulwark.testing.infra.LibertyServer;
import io.bulwark.testing.infra.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Liberty's JSON logging, as containers run it: every line a JSON object, the lines of a delivery carrying
 * its correlation id, no payload anywhere.
 */
@ExtendWith(ArquillianExtension.class)
class StructuredLoggingIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void deliveryLogLinesAreJsonWithTheCorrelationIdAndNoPayload() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String correlation = "corr-" + run;
        String marker = "PAYLOAD-MARKER-" + run;
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        TestEnvironment environment = TestEnvironment.get();
        try (LibertyServer server = LibertyServer.start("bulwark-json", environment.applicationDatabasePort(),
                Map.of("WLP_LOGGING_MESSAGE_FORMAT", "JSON", "WLP_LOGGING_CONSOLE_FORMAT", "JSON"))) {
            send(server, "evt_a_" + run, Events.account("account.created", "evt_a_" + run, at, "acc_j_" + run, "active", "EUR", "0.00"), null);
            HttpResponse<String> refused = send(server, "evt_t_" + run, Events.transaction("transaction.created", "evt_t_" + run,
                    at.plusSeconds(1), "tx_j_" + run, "acc_j_" + run, "9.99", "USD", "booked").replace("Coffee", marker), correlation);
            HttpResponse<String> anonymous = send(server, "evt_t_" + run, "{}", null);

            assertEquals(202, refused.statusCode(), refused.body());
            assertEquals(correlation, refused.headers().firstValue(CorrelationIdFilter.HEADER).orElse(null));
            assertTrue(anonymous.headers().firstValue(CorrelationIdFilter.HEADER).orElse("").length() >= 32, "a new id when none is given");

            List<String> lines = Files.readAllLines(server.log(), StandardCharsets.UTF_8);
            for (String line : lines) {
                assertTrue(line.startsWith("{") && parse(line).containsKey("message"), "a JSON log record: " + line);
                assertFalse(line.contains(marker), "no payload in the log: " + line);
            }
            assertTrue(lines.stream().map(StructuredLoggingIT::parse)
                            .anyMatch(record -> correlation.equals(record.getString("ext_correlationId", null))
                                    && record.getString("message").contains("evt_t_" + run)),
                    "the delivery's warning carries its correlation id");
        }
    }

    private HttpResponse<String> send(LibertyServer server, String id, String body, String correlation) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/webhooks/acme"))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", Signer.standard(TestEnvironment.get().credentials().standardSecret(), id, timestamp, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (correlation != null) {
            request.header(CorrelationIdFilter.HEADER, correlation);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject parse(String line) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }
}
