package io.bulwark.webhook;

import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.ProviderPayload;
import io.bulwark.testing.ProviderPayloads;
import io.bulwark.testing.Signer;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.TestCredentials;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Providers' own payloads (vendored under src/test/resources/providers), each signed as its provider signs, sent
 * through the real server: every one is stored as sent with the type its scheme derives, and the Stripe charges
 * and payouts land in the source's ledger in their currencies' own units, by the shipped stripe mapping. And the
 * outcomes of a mapping of the tests' own: applied, ignored, or stored FAILED with an alert when it fails or
 * yields what Bulwark cannot apply.
 */
@ExtendWith(ArquillianExtension.class)
class NativePayloadsIT {

    private final WebhookClient client = new WebhookClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void everyProvidersPayloadIsStoredAsSentWithItsDerivedTypeAndStripesMoneyLandsInTheLedger() {
        for (ProviderPayload payload : ProviderPayloads.all()) {
            HttpResponse<String> answer = send(payload);

            assertEquals(200, answer.statusCode(), payload + ": " + answer.body());
            assertFalse(object(answer).getBoolean("duplicate"), payload.toString());
            JsonObject stored = object(client.admin("GET", "/api/webhooks/" + object(answer).getString("webhookId")));
            assertEquals(derivedType(payload), stored.getString("type"), payload.toString());
            boolean applies = payload.provider() == ProviderPayload.Provider.STRIPE && !payload.name().equals("account.updated");
            assertEquals(applies ? "PROCESSED" : "IGNORED", stored.getString("status"), payload.toString());
            assertEquals("t", DatabaseQueries.value("SELECT payload = CAST(? AS jsonb) FROM webhook_events WHERE id = CAST(? AS uuid)",
                    payload.text(), stored.getString("webhookId")), payload + " is stored as sent");
        }

        assertTransaction("ch_BWCu79B0as0Xx57xDzCI7h3U", "20.00", "EUR", "booked");
        assertTransaction("ch_JKw43QnqOp5LlwocowFZdgko", "500", "JPY", "booked");
        assertTransaction("po_nWq9qXHhgn6J7Fug44u8JyuM", "-1842.50", "EUR", "paid");
        assertTransaction("po_GAN20Gh630n5EYEG0VZZeQmi", "-30000", "JPY", "failed");
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM accounts WHERE external_id = 'acct_thIQ3UquhOOHcIwj'"),
                "Stripe's own account.updated is Stripe's, not Bulwark's");
    }

    @Test
    void aMappingThatFailsOrYieldsWhatCannotBeAppliedStoresTheDeliveryAsFailedWithAnAlert() {
        HttpResponse<String> good = sendMapped("good", 2000);
        HttpResponse<String> invalid = sendMapped("sale", 2000);
        HttpResponse<String> crashing = sendMapped("crash", 1);
        HttpResponse<String> other = sendMapped("refund.requested", 1);

        assertEquals(200, good.statusCode(), good.body());
        assertEquals("PROCESSED", object(good).getString("status"));
        assertEquals("20.00", DatabaseQueries.value("SELECT amount::text FROM transactions WHERE ledger = 'mapped' AND external_id = ?",
                "good_" + run));
        assertFailedWithAlert(invalid, "MappingInvalid", "data.transaction.amount");
        assertFailedWithAlert(crashing, "MappingFailed", "not what this mapping expects");
        assertEquals(200, other.statusCode(), other.body());
        assertEquals("IGNORED", object(other).getString("status"), "a type the mapping does not handle");
    }

    private void assertFailedWithAlert(HttpResponse<String> answer, String errorClass, String said) {
        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals("FAILED", object(answer).getString("status"));
        String webhookId = object(answer).getString("webhookId");
        String lastError = object(client.admin("GET", "/api/webhooks/" + webhookId)).getString("lastError");
        assertTrue(lastError.startsWith(errorClass) && lastError.contains(said), lastError);
        assertEquals(1, DatabaseQueries.count("SELECT count(*) FROM alerts WHERE webhook_id = CAST(? AS uuid) AND error_class = ?",
                webhookId, errorClass));
    }

    private HttpResponse<String> sendMapped(String type, int cents) {
        String id = type.replace('.', '_') + "_" + run;
        byte[] body = ("{\"id\": \"" + id + "\", \"type\": \"" + type + "\", \"occurredAt\": \"2026-11-29T12:00:00Z\", \"cents\": " + cents + "}")
                .getBytes(StandardCharsets.UTF_8);
        return client.post("/api/webhooks/" + TestCredentials.MAPPED_SOURCE, Map.of("Content-Type", "application/json"), body);
    }

    private void assertTransaction(String id, String amount, String currency, String status) {
        JsonObject transaction = object(client.admin("GET", "/api/transactions/" + id + "?ledger=" + TestCredentials.STRIPE_SOURCE));
        assertEquals(amount, transaction.getString("amount"), id);
        assertEquals(currency, transaction.getString("currency"), id);
        assertEquals(status, transaction.getString("status"), id);
        assertEquals("platform", transaction.getString("accountId"), id);
    }

    private static String derivedType(ProviderPayload payload) {
        return payload.provider() == ProviderPayload.Provider.GITHUB && payload.name().startsWith(payload.event() + ".")
                ? payload.name() : payload.event();
    }

    private HttpResponse<String> send(ProviderPayload payload) {
        byte[] body = payload.body();
        long now = Instant.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        String source = switch (payload.provider()) {
            case STRIPE -> {
                headers.put("Stripe-Signature", Signer.stripe(client.credentials().stripeSecret(), now, body));
                yield TestCredentials.STRIPE_SOURCE;
            }
            case GITHUB -> {
                headers.putAll(payload.eventHeaders());
                headers.put("X-GitHub-Delivery", UUID.randomUUID().toString());
                headers.put("X-Hub-Signature-256", Signer.github(client.credentials().githubSecret(), body));
                yield TestCredentials.GITHUB_SOURCE;
            }
            case STANDARD -> {
                headers.putAll(client.standardHeaders("msg_" + run, now, body));
                yield TestCredentials.STANDARD_SOURCE;
            }
        };
        return client.post("/api/webhooks/" + source, headers, body);
    }
}
