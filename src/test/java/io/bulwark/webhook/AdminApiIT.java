package io.bulwark.webhook;

import static io.bulwark.testing.WebhookClient.array;
import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.WebhookClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin endpoints: only for the admin role, with their documented answers. */
@ExtendWith(ArquillianExtension.class)
class AdminApiIT {

    private static final List<String> ADMIN_PATHS = List.of("/api/webhooks", "/api/webhooks/" + UUID.randomUUID(),
            "/api/accounts/acc_1", "/api/accounts/acc_1/transactions", "/api/alerts");

    private final WebhookClient client = new WebhookClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void adminEndpointsRefuseAnonymousAndWrongPasswords() {
        for (String path : ADMIN_PATHS) {
            HttpResponse<String> anonymous = client.request("GET", path, null);
            assertEquals(401, anonymous.statusCode(), path);
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), path);
            assertEquals(401, object(anonymous).getInt("status"), "problem+json body: " + anonymous.body());
            assertEquals(401, client.request("GET", path, WebhookClient.basic(client.credentials().adminUser(), "wrong")).statusCode(), path);
        }
        assertEquals(401, client.request("POST", "/api/alerts/" + UUID.randomUUID() + "/acknowledge", null).statusCode());
    }

    @Test
    void eventsAreListedByStatusAndSourceAndReadWithTheirPayload() {
        String delivery = "evt_list_" + run;
        String webhookId = object(client.sendStandard(delivery, Events.account("account.updated", delivery, Instant.now(),
                "acc_list_" + run, "active", "EUR", "3.00"))).getString("webhookId");

        List<JsonObject> processed = object(client.admin("GET", "/api/webhooks?status=PROCESSED&source=acme&limit=500"))
                .getJsonArray("items").getValuesAs(JsonObject.class);
        assertTrue(processed.stream().anyMatch(e -> webhookId.equals(e.getString("webhookId"))));
        assertTrue(processed.stream().allMatch(e -> "PROCESSED".equals(e.getString("status")) && "acme".equals(e.getString("source"))));

        JsonObject event = object(client.admin("GET", "/api/webhooks/" + webhookId));
        assertEquals(delivery, event.getString("deliveryId"));
        assertEquals("3.00", event.getJsonObject("payload").getJsonObject("data").getJsonObject("account").getString("balance"));
    }

    @Test
    void badQueryParametersAre400() {
        assertEquals(400, client.admin("GET", "/api/webhooks?status=BOGUS").statusCode());
        assertEquals(400, client.admin("GET", "/api/webhooks?limit=0").statusCode());
        assertEquals(400, client.admin("GET", "/api/webhooks?limit=501").statusCode());
        assertEquals(400, client.admin("GET", "/api/alerts?acknowledged=maybe").statusCode());
    }

    @Test
    void unknownAccountsEventsAndAlertsAre404() {
        assertEquals(404, client.admin("GET", "/api/accounts/acc_none_" + run).statusCode());
        assertEquals(404, client.admin("GET", "/api/accounts/acc_none_" + run + "/transactions").statusCode());
        assertEquals(404, client.admin("GET", "/api/webhooks/" + UUID.randomUUID()).statusCode());
        assertEquals(404, client.admin("GET", "/api/webhooks/not-a-uuid").statusCode());
        assertEquals(404, client.admin("POST", "/api/alerts/" + UUID.randomUUID() + "/acknowledge").statusCode());
    }

    @Test
    void alertIsAcknowledgedByTheAdmin() {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        client.sendStandard("evt_a1_" + run, Events.account("account.created", "evt_a1_" + run, at, "acc_al_" + run, "active", "EUR", "0.00"));
        HttpResponse<String> failed = client.sendStandard("evt_a2_" + run, Events.transaction("transaction.created", "evt_a2_" + run,
                at.plusSeconds(1), "tx_al_" + run, "acc_al_" + run, "1.00", "GBP", "booked"));
        String webhookId = object(failed).getString("webhookId");
        JsonObject alert = array(client.admin("GET", "/api/alerts?acknowledged=false&limit=1000")).getValuesAs(JsonObject.class).stream()
                .filter(a -> webhookId.equals(a.getString("webhookId"))).findFirst().orElseThrow();

        JsonObject acknowledged = object(client.admin("POST", "/api/alerts/" + alert.getString("id") + "/acknowledge"));

        assertTrue(acknowledged.getBoolean("acknowledged"));
        assertEquals(client.credentials().adminUser(), acknowledged.getString("acknowledgedBy"));
        assertTrue(array(client.admin("GET", "/api/alerts?acknowledged=false&limit=1000")).getValuesAs(JsonObject.class).stream()
                .noneMatch(a -> alert.getString("id").equals(a.getString("id"))));
    }

    @Test
    void openApiDocumentsEveryEndpoint() {
        HttpResponse<String> openapi = client.request("GET", "/openapi", null);
        assertEquals(200, openapi.statusCode());
        for (String path : List.of("/api/webhooks/{source}", "/api/webhooks/{webhookId}", "/api/webhooks/{webhookId}/replay",
                "/api/webhooks:", "/api/webhooks/replay:", "/api/webhooks/replay/{jobId}:", "/api/accounts/{externalId}", "/api/accounts/{externalId}/transactions", "/api/alerts:",
                "/api/alerts/{id}/acknowledge")) {
            assertTrue(openapi.body().contains(path.endsWith(":") ? path : path + ":"), "documents " + path);
        }
    }
}
