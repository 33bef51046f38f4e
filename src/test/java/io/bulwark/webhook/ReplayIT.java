package io.bulwark.webhook;

import static io.bulwark.testing.WebhookClient.array;
import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.WebhookClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A delivery that cannot be applied is kept as FAILED, acknowledged, alerted without its payload, and can
 * be replayed once the ledger allows it.
 */
@ExtendWith(ArquillianExtension.class)
class ReplayIT {

    private final WebhookClient client = new WebhookClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void failedDeliveryIsKeptAlertedAndReplayedOnceTheLedgerAllowsIt() {
        String account = "acc_replay_" + run;
        String marker = "SECRET-PAYLOAD-" + run;
        Instant start = Instant.parse("2026-11-29T10:00:00Z");
        client.sendStandard("evt_acc_" + run, Events.account("account.created", "evt_acc_" + run, start, account, "active", "EUR", "0.00"));

        String failing = Events.transaction("transaction.created", "evt_usd_" + run, start.plusSeconds(10), "tx_usd_" + run,
                account, "12.34", "USD", "booked").replace("Coffee", marker);
        HttpResponse<String> response = client.sendStandard("evt_usd_" + run, failing);

        assertEquals(202, response.statusCode(), response.body());
        JsonObject receipt = object(response);
        assertTrue(receipt.getBoolean("success"), "stored, so acknowledged");
        assertEquals("FAILED", receipt.getString("status"));
        String webhookId = receipt.getString("webhookId");
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM transactions WHERE external_id = ?", "tx_usd_" + run),
                "nothing of a failed delivery is applied");

        JsonObject event = object(client.admin("GET", "/api/webhooks/" + webhookId));
        assertEquals("FAILED", event.getString("status"));
        assertEquals(1, event.getInt("attempts"));
        assertTrue(event.getString("lastError").startsWith("CurrencyMismatch"), event.getString("lastError"));

        JsonObject alert = alertFor(webhookId);
        assertEquals("acme", alert.getString("source"));
        assertEquals("transaction.created", alert.getString("eventType"));
        assertEquals("CurrencyMismatch", alert.getString("errorClass"));
        assertFalse(alert.toString().contains(marker), "an alert never carries the payload");
        assertFalse(alert.toString().contains("12.34"), "an alert never carries the payload");

        JsonObject stillFailing = object(client.admin("POST", "/api/webhooks/" + webhookId + "/replay"));
        assertEquals("FAILED", stillFailing.getString("status"));
        assertEquals(2, stillFailing.getInt("attempts"));

        client.sendStandard("evt_acc2_" + run, Events.account("account.updated", "evt_acc2_" + run, start.plusSeconds(20), account,
                "active", "USD", "0.00"));
        JsonObject replayed = object(client.admin("POST", "/api/webhooks/" + webhookId + "/replay"));

        assertEquals("PROCESSED", replayed.getString("status"));
        assertEquals(3, replayed.getInt("attempts"));
        assertEquals("12.34", array(client.admin("GET", "/api/accounts/" + account + "/transactions")).getJsonObject(0).getString("amount"));
    }

    @Test
    void onlyFailedEventsCanBeReplayed() {
        HttpResponse<String> response = client.sendStandard("evt_ok_" + run, Events.account("account.updated", "evt_ok_" + run,
                Instant.now(), "acc_ok_" + run, "active", "EUR", "1.00"));
        String webhookId = object(response).getString("webhookId");

        assertEquals(409, client.admin("POST", "/api/webhooks/" + webhookId + "/replay").statusCode());
        assertEquals(404, client.admin("POST", "/api/webhooks/" + UUID.randomUUID() + "/replay").statusCode());
    }

    @Test
    void whateverWasStoredCanBeReplayedEvenANumberJsonbWritesOutInAThousandDigits() {
        String account = "acc_big_" + run;
        Instant start = Instant.parse("2026-11-29T10:00:00Z");
        client.sendStandard("evt_big_acc_" + run, Events.account("account.created", "evt_big_acc_" + run, start, account, "active",
                "EUR", "0.00"));
        String refused = Events.transaction("transaction.created", "evt_big_" + run, start.plusSeconds(10), "tx_big_" + run, account,
                "1.00", "USD", "booked");
        String withBigNumbers = refused.substring(0, refused.length() - 1) + ",\"big\":1e999,\"small\":-1.5e-999}";

        HttpResponse<String> failed = client.sendStandard("evt_big_" + run, withBigNumbers);
        assertEquals(202, failed.statusCode(), failed.body());
        String webhookId = object(failed).getString("webhookId");
        assertEquals(1000, DatabaseQueries.count("SELECT length(payload ->> 'big') FROM webhook_events WHERE id = CAST(? AS uuid)",
                webhookId), "stored written out in full");

        client.sendStandard("evt_big_usd_" + run, Events.account("account.updated", "evt_big_usd_" + run, start.plusSeconds(20), account,
                "active", "USD", "0.00"));
        JsonObject replayed = object(client.admin("POST", "/api/webhooks/" + webhookId + "/replay"));

        assertEquals("PROCESSED", replayed.getString("status"), replayed.toString());
    }

    @Test
    void transactionMovingToAnotherAccountFails() {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        client.sendStandard("evt_m1_" + run, Events.transaction("transaction.created", "evt_m1_" + run, at, "tx_m_" + run,
                "acc_m1_" + run, "1.00", "EUR", "booked"));

        HttpResponse<String> moved = client.sendStandard("evt_m2_" + run, Events.transaction("transaction.updated", "evt_m2_" + run,
                at.plusSeconds(1), "tx_m_" + run, "acc_m2_" + run, "1.00", "EUR", "booked"));

        assertEquals(202, moved.statusCode(), moved.body());
        assertEquals("AccountMismatch", alertFor(object(moved).getString("webhookId")).getString("errorClass"));
    }

    private JsonObject alertFor(String webhookId) {
        return array(client.admin("GET", "/api/alerts?acknowledged=false&limit=1000")).getValuesAs(JsonObject.class).stream()
                .filter(alert -> webhookId.equals(alert.getString("webhookId")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no open alert for " + webhookId));
    }
}
