package io.bulwark.webhook.search;

import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.WebhookClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Searching stored events: every filter narrows, pages follow each other by cursor without duplicates or gaps
 * while new deliveries keep arriving, an event is read with its history, and bad parameters are 400s that name
 * the parameter.
 */
@ExtendWith(ArquillianExtension.class)
class EventSearchIT {

    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

    private final WebhookClient client = new WebhookClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void everyFilterNarrowsTheSearch() {
        String from = databaseNow();
        String account = "acc_s_" + run;
        String created = send("acme", "evt_s1_" + run, Events.account("account.created", "evt_s1_" + run, AT, account, "active", "EUR", "0.00"));
        String failed = send("acme", "evt_s2_" + run, Events.transaction("transaction.created", "evt_s2_" + run, AT.plusSeconds(1),
                "tx_s_" + run, account, "1.00", "USD", "booked"));
        String ignored = send("acme", "evt_s3_" + run, Events.envelope("evt_s3_" + run, "customer.created", AT.plusSeconds(2),
                Json.createObjectBuilder()));
        String elsewhere = send("pay_ops", "evt_s4_" + run, Events.account("account.created", "evt_s4_" + run, AT, "acc_s4_" + run,
                "active", "EUR", "0.00"));
        String to = databaseNow();
        String window = "receivedFrom=" + encode(from) + "&receivedTo=" + encode(to);

        assertEquals(List.of(elsewhere, ignored, failed, created), ids(search(window)), "newest first");
        assertEquals(List.of(elsewhere), ids(search(window + "&source=PAY_OPS")), "any spelling of the source");
        assertEquals(List.of(ignored, failed, created), ids(search(window + "&source=acme")));
        assertEquals(List.of(failed), ids(search(window + "&status=FAILED")));
        assertEquals(List.of(ignored), ids(search(window + "&status=ignored")));
        assertEquals(List.of(elsewhere, created), ids(search(window + "&type=account.created")));
        assertEquals(List.of(failed), ids(search("deliveryId=evt_s2_" + run)));
        assertEquals(List.of(), ids(search("deliveryId=evt_s2_" + run + "&status=PROCESSED")), "filters combine");

        String createdAt = receivedAt(created);
        assertEquals(List.of(created), ids(search("receivedFrom=" + encode(createdAt) + "&receivedTo=" + encode(receivedAt(failed)))),
                "receivedFrom is inclusive, receivedTo exclusive");

        JsonObject page = search(window);
        assertTrue(page.containsKey("next") && page.isNull("next"), "the last page says so: " + page);
        JsonObject listed = page.getJsonArray("items").getJsonObject(0);
        assertFalse(listed.containsKey("payload"), "lists leave payloads out");
        assertFalse(listed.containsKey("history"));
    }

    @Test
    void pagingWhileNewDeliveriesArriveSeesEveryEventOnce() {
        String from = databaseNow();
        Set<String> existing = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String id = "evt_p_" + run + "_" + i;
            existing.add(send("acme", id, Events.account("account.updated", id, AT.plusSeconds(i), "acc_p_" + run, "active", "EUR", i + ".00")));
        }
        AtomicBoolean paging = new AtomicBoolean(true);
        AtomicInteger arrivedMeanwhile = new AtomicInteger();
        CompletableFuture<Void> inserter = CompletableFuture.runAsync(() -> {
            for (int i = 0; paging.get(); i++) {
                String id = "evt_new_" + run + "_" + i;
                send("acme", id, Events.account("account.updated", id, AT.plusSeconds(100 + i), "acc_p_" + run, "active", "EUR", "9.00"));
                arrivedMeanwhile.incrementAndGet();
            }
        });

        List<String> seen = new ArrayList<>();
        int pages = 0;
        String query = "receivedFrom=" + encode(from) + "&source=acme&limit=7";
        HttpResponse<String> response = client.admin("GET", "/api/webhooks?" + query);
        while (true) {
            assertEquals(200, response.statusCode(), response.body());
            JsonObject page = object(response);
            seen.addAll(ids(page));
            pages++;
            if (page.isNull("next")) {
                assertTrue(response.headers().firstValue("Link").isEmpty(), "no Link on the last page");
                break;
            }
            String link = response.headers().firstValue("Link").orElseThrow(() -> new AssertionError("a Link to the next page"));
            assertTrue(link.contains("rel=\"next\"") && link.contains("cursor="), link);
            pause();
            response = client.admin("GET", "/api/webhooks?" + query + "&cursor=" + encode(page.getString("next")));
        }
        paging.set(false);
        inserter.join();

        assertTrue(arrivedMeanwhile.get() >= pages, "deliveries kept arriving while paging: " + arrivedMeanwhile.get() + " in " + pages + " pages");
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no event on two pages");
        assertTrue(seen.containsAll(existing), "every event stored before paging began is on a page");
    }

    @Test
    void eventIsReadWithItsHistory() {
        String account = "acc_h_" + run;
        send("acme", "evt_h1_" + run, Events.account("account.created", "evt_h1_" + run, AT, account, "active", "EUR", "0.00"));
        String failed = send("acme", "evt_h2_" + run, Events.transaction("transaction.created", "evt_h2_" + run, AT.plusSeconds(1),
                "tx_h_" + run, account, "1.00", "USD", "booked"));
        assertEquals(List.of("RECEIVED", "ALERTED", "FAILED"), whats(failed));

        assertEquals(200, client.admin("POST", "/api/webhooks/" + failed + "/replay").statusCode());
        send("acme", "evt_h3_" + run, Events.account("account.updated", "evt_h3_" + run, AT.plusSeconds(2), account, "active", "USD", "0.00"));
        assertEquals(200, client.admin("POST", "/api/webhooks/" + failed + "/replay").statusCode());

        JsonObject event = object(client.admin("GET", "/api/webhooks/" + failed));
        assertEquals("PROCESSED", event.getString("status"));
        assertEquals("USD", event.getJsonObject("payload").getJsonObject("data").getJsonObject("transaction").getString("currency"));
        assertEquals(List.of("RECEIVED", "ALERTED", "REPLAYED", "ALERTED", "REPLAYED", "PROCESSED"), whats(failed));
        List<JsonObject> replays = event.getJsonArray("history").getValuesAs(JsonObject.class).stream()
                .filter(entry -> entry.getString("what").equals("REPLAYED")).toList();
        assertTrue(replays.get(0).getString("detail").contains(client.credentials().adminUser()), replays.get(0).toString());
        assertTrue(replays.get(0).getString("detail").contains("FAILED"), replays.get(0).toString());
        assertTrue(replays.get(1).getString("detail").contains("PROCESSED"), replays.get(1).toString());
    }

    @Test
    void badParametersAre400NamingTheParameter() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("status=BOGUS", "status");
        bad.put("limit=0", "limit");
        bad.put("limit=501", "limit");
        bad.put("limit=ten", "limit");
        bad.put("receivedFrom=yesterday", "receivedFrom");
        bad.put("receivedTo=2026-13-01T00:00:00Z", "receivedTo");
        bad.put("receivedFrom=2026-11-30T00:00:00Z&receivedTo=2026-11-29T00:00:00Z", "receivedFrom");
        bad.put("cursor=not-a-cursor", "cursor");
        bad.put("cursor=" + encode(java.util.Base64.getUrlEncoder().encodeToString("x|y".getBytes(StandardCharsets.UTF_8))), "cursor");
        bad.put("source=" + encode("no spaces"), "source");
        bad.forEach((query, parameter) -> {
            HttpResponse<String> response = client.admin("GET", "/api/webhooks?" + query);
            assertEquals(400, response.statusCode(), query);
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), query);
            assertTrue(object(response).getString("detail").contains(parameter), query + ": " + response.body());
        });
        assertEquals(404, client.admin("GET", "/api/webhooks/" + UUID.randomUUID()).statusCode());
    }

    @Test
    void openApiDocumentsListsAsPagesOfTheirItems() {
        JsonObject openapi = object(client.request("GET", "/openapi?format=JSON", null));
        JsonObject schemas = openapi.getJsonObject("components").getJsonObject("schemas");
        for (String[] list : new String[][] {{"/api/webhooks", "WebhookEventPage", "WebhookEvent"}, {"/api/webhooks/replay", "ReplayJobPage", "ReplayJob"}}) {
            JsonObject ok = openapi.getJsonObject("paths").getJsonObject(list[0]).getJsonObject("get").getJsonObject("responses").getJsonObject("200");
            assertEquals("#/components/schemas/" + list[1], ok.getJsonObject("content").getJsonObject("application/json")
                    .getJsonObject("schema").getString("$ref"), list[0]);
            JsonObject items = schemas.getJsonObject(list[1]).getJsonObject("properties").getJsonObject("items");
            assertEquals("array", items.getString("type"), list[1]);
            assertEquals("#/components/schemas/" + list[2], items.getJsonObject("items").getString("$ref"), list[1]);
        }
        JsonObject counts = schemas.getJsonObject("ReplayJobCounts").getJsonObject("properties");
        assertEquals(Set.of("selected", "replayed", "processed", "failed", "ignored", "skipped"), counts.keySet());
    }

    private List<String> whats(String webhookId) {
        return object(client.admin("GET", "/api/webhooks/" + webhookId)).getJsonArray("history").getValuesAs(JsonObject.class).stream()
                .map(entry -> entry.getString("what")).toList();
    }

    private JsonObject search(String query) {
        HttpResponse<String> response = client.admin("GET", "/api/webhooks?" + query);
        assertEquals(200, response.statusCode(), response.body());
        return object(response);
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("items").getValuesAs(JsonObject.class).stream().map(event -> event.getString("webhookId")).toList();
    }

    private String receivedAt(String webhookId) {
        return object(client.admin("GET", "/api/webhooks/" + webhookId)).getString("receivedAt");
    }

    private String send(String source, String deliveryId, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = client.post("/api/webhooks/" + source,
                client.standardHeaders(deliveryId, Instant.now().getEpochSecond(), bytes), bytes);
        assertTrue(response.statusCode() == 200 || response.statusCode() == 202, response.body());
        return object(response).getString("webhookId");
    }

    private static String databaseNow() {
        return DatabaseQueries.value("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
