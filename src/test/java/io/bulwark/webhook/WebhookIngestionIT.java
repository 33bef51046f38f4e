package io.bulwark.webhook;

import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.Signer;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.TestCredentials;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deliveries a provider sends, as the provider and an admin see the outcome. */
@ExtendWith(ArquillianExtension.class)
class WebhookIngestionIT {

    private final WebhookClient client = new WebhookClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void accountEventIsStoredAppliedAndReadBack() {
        String account = "acc_" + run;
        HttpResponse<String> response = client.sendStandard("evt_" + run, Events.account("account.created", "evt_" + run,
                Instant.parse("2026-11-29T12:00:00Z"), account, "active", "EUR", "120.50"));

        assertEquals(200, response.statusCode(), response.body());
        JsonObject receipt = object(response);
        assertTrue(receipt.getBoolean("success"));
        assertFalse(receipt.getBoolean("duplicate"));
        assertEquals("PROCESSED", receipt.getString("status"));
        UUID.fromString(receipt.getString("webhookId"));

        JsonObject stored = object(client.admin("GET", "/api/accounts/" + account));
        assertEquals("active", stored.getString("status"));
        assertEquals("EUR", stored.getString("currency"));
        assertEquals("120.50", stored.getString("balance"));
        assertEquals(1, DatabaseQueries.count(
                "SELECT count(*) FROM webhook_events WHERE source = 'acme' AND delivery_id = ? AND status = 'PROCESSED'", "evt_" + run));
    }

    @Test
    void unknownTypeIsStoredAsIgnored() {
        HttpResponse<String> response = client.sendStandard("evt_ign_" + run,
                "{\"id\":\"x\",\"type\":\"customer.deleted\",\"data\":{\"anything\":[1,2,3]}}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("IGNORED", object(response).getString("status"));
        assertEquals("IGNORED", DatabaseQueries.value(
                "SELECT status FROM webhook_events WHERE source = 'acme' AND delivery_id = ?", "evt_ign_" + run));
    }

    @Test
    void transactionForAnUnknownAccountCreatesTheAccountAsUnknown() {
        String account = "acc_new_" + run;
        HttpResponse<String> response = client.sendStandard("evt_tx_" + run, Events.transaction("transaction.created",
                "evt_tx_" + run, Instant.now(), "tx_" + run, account, "-5.00", "EUR", "booked"));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("unknown", object(client.admin("GET", "/api/accounts/" + account)).getString("status"));
        JsonObject transaction = WebhookClient.array(client.admin("GET", "/api/accounts/" + account + "/transactions"))
                .getJsonObject(0);
        assertEquals("tx_" + run, transaction.getString("id"));
        assertEquals("-5.00", transaction.getString("amount"));
    }

    @Test
    void batchOfAThousandTransactionsIsAppliedInOneDelivery() {
        String account = "acc_batch_" + run;
        List<JsonObject> items = IntStream.range(0, 1000)
                .mapToObj(i -> Events.transactionObject("tx_b_" + run + "_" + i, account, i + ".01", "EUR", "pending"))
                .toList();

        HttpResponse<String> response = client.sendStandard("evt_batch_" + run, Events.batch("evt_batch_" + run, Instant.now(), items));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1000, DatabaseQueries.count(
                "SELECT count(*) FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.external_id = ?", account));
        assertEquals("499510.00", DatabaseQueries.value(
                "SELECT sum(amount)::text FROM transactions t JOIN accounts a ON a.id = t.account_id WHERE a.external_id = ?", account),
                "amounts are exact decimals: 0.01 + 1.01 + ... + 999.01");
    }

    @Test
    void staleEventDoesNotOverwriteNewerBalance() {
        String account = "acc_order_" + run;
        Instant newer = Instant.parse("2026-11-29T12:00:00Z");
        client.sendStandard("evt_new_" + run, Events.account("account.updated", "evt_new_" + run, newer, account, "active", "EUR", "200.00"));

        HttpResponse<String> stale = client.sendStandard("evt_old_" + run, Events.account("account.updated", "evt_old_" + run,
                newer.minusSeconds(60), account, "frozen", "EUR", "100.00"));

        assertEquals(200, stale.statusCode(), stale.body());
        JsonObject stored = object(client.admin("GET", "/api/accounts/" + account));
        assertEquals("200.00", stored.getString("balance"));
        assertEquals("active", stored.getString("status"));
    }

    @Test
    void stripeDeliveryIsIdentifiedByTheBodyId() {
        byte[] body = Events.account("account.updated", "evt_stripe_" + run, Instant.now(), "acc_s_" + run, "active", "USD", "1.00")
                .getBytes(StandardCharsets.UTF_8);
        String signature = Signer.stripe(client.credentials().stripeSecret(), Instant.now().getEpochSecond(), body);

        HttpResponse<String> response = client.post("/api/webhooks/" + TestCredentials.STRIPE_SOURCE,
                Map.of("Content-Type", "application/json", "Stripe-Signature", signature), body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, DatabaseQueries.count(
                "SELECT count(*) FROM webhook_events WHERE source = 'stripeco' AND delivery_id = ?", "evt_stripe_" + run));
    }

    @Test
    void githubDeliveryIsIdentifiedByItsDeliveryHeader() {
        byte[] body = Events.account("account.updated", "evt_gh_" + run, Instant.now(), "acc_g_" + run, "active", "USD", "1.00")
                .getBytes(StandardCharsets.UTF_8);
        String delivery = UUID.randomUUID().toString();

        HttpResponse<String> response = client.post("/api/webhooks/" + TestCredentials.GITHUB_SOURCE, Map.of(
                "Content-Type", "application/json",
                "X-GitHub-Delivery", delivery,
                "X-Hub-Signature-256", Signer.github(client.credentials().githubSecret(), body)), body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, DatabaseQueries.count(
                "SELECT count(*) FROM webhook_events WHERE source = 'github' AND delivery_id = ?", delivery));
    }

    @Test
    void unsignedSourceTakesTheWebhookIdHeader() {
        byte[] body = Events.account("account.updated", "evt_body_" + run, Instant.now(), "acc_n_" + run, "active", "USD", "1.00")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = client.post("/api/webhooks/" + TestCredentials.UNSIGNED_SOURCE,
                Map.of("Content-Type", "application/json", "webhook-id", "hdr_" + run), body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, DatabaseQueries.count(
                "SELECT count(*) FROM webhook_events WHERE source = 'open' AND delivery_id = ?", "hdr_" + run));
    }

    @Test
    void sourceNamesAreCaseInsensitive() {
        byte[] body = Events.account("account.updated", "evt_case_" + run, Instant.now(), "acc_c_" + run, "active", "USD", "1.00")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = client.standardHeaders("evt_case_" + run, Instant.now().getEpochSecond(), body);

        HttpResponse<String> response = client.post("/api/webhooks/ACME", headers, body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, DatabaseQueries.count(
                "SELECT count(*) FROM webhook_events WHERE source = 'acme' AND delivery_id = ?", "evt_case_" + run));
    }
}
