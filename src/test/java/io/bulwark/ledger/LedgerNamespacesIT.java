package io.bulwark.ledger;

import static io.bulwark.testing.WebhookClient.array;
import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.TestCredentials;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * Each source writes to a ledger of its own: a signed source ({@code acme}) and an unsigned one ({@code open})
 * that name the same account id hold two accounts, and neither can change the other's. An admin reads them by
 * ledger, or without one when only one ledger has the id.
 */
@ExtendWith(ArquillianExtension.class)
class LedgerNamespacesIT {

    private static final Instant AT = Instant.parse("2026-11-29T12:00:00Z");
    private static final String SIGNED = TestCredentials.STANDARD_SOURCE;
    private static final String UNSIGNED = TestCredentials.UNSIGNED_SOURCE;

    private final WebhookClient client = new WebhookClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void eachSourceChangesOnlyTheAccountInItsOwnLedger() {
        String account = "acc_ns_" + run;
        sendSigned("evt_ns_a_" + run, Events.account("account.created", "evt_ns_a_" + run, AT, account, "active", "EUR", "10.00"));

        HttpResponse<String> foreign = sendUnsigned("evt_ns_o_" + run, Events.account("account.updated", "evt_ns_o_" + run,
                AT.plusSeconds(60), account, "frozen", "USD", "99.00"));

        assertEquals(200, foreign.statusCode(), foreign.body());
        JsonObject signed = object(client.admin("GET", "/api/accounts/" + account + "?ledger=" + SIGNED));
        assertEquals(List.of(SIGNED, "active", "EUR", "10.00"), List.of(signed.getString("ledger"), signed.getString("status"),
                signed.getString("currency"), signed.getString("balance")), "the signed source's account is untouched");
        JsonObject unsigned = object(client.admin("GET", "/api/accounts/" + account + "?ledger=" + UNSIGNED));
        assertEquals(List.of(UNSIGNED, "frozen", "USD", "99.00"), List.of(unsigned.getString("ledger"), unsigned.getString("status"),
                unsigned.getString("currency"), unsigned.getString("balance")));
    }

    @Test
    void transactionsBookOnTheAccountOfTheirSourcesLedger() {
        String account = "acc_nst_" + run;
        String transaction = "tx_nst_" + run;
        sendSigned("evt_nst_a_" + run, Events.account("account.created", "evt_nst_a_" + run, AT, account, "active", "EUR", "0.00"));

        HttpResponse<String> usd = sendUnsigned("evt_nst_o_" + run, Events.transaction("transaction.created", "evt_nst_o_" + run,
                AT.plusSeconds(1), transaction, account, "-3.00", "USD", "booked"));
        HttpResponse<String> eur = sendSigned("evt_nst_e_" + run, Events.transaction("transaction.created", "evt_nst_e_" + run,
                AT.plusSeconds(2), transaction, account, "-4.00", "EUR", "booked"));

        assertEquals("PROCESSED", object(usd).getString("status"), "the unsigned source's account is its own, without a currency yet");
        assertEquals("PROCESSED", object(eur).getString("status"), "the signed source's EUR account takes its EUR transaction");
        JsonArray signedBookings = array(client.admin("GET", "/api/accounts/" + account + "/transactions?ledger=" + SIGNED));
        assertEquals(1, signedBookings.size(), signedBookings.toString());
        assertEquals(List.of(SIGNED, transaction, account, "-4.00", "EUR"), view(signedBookings.getJsonObject(0)));
        JsonObject unsigned = object(client.admin("GET", "/api/transactions/" + transaction + "?ledger=" + UNSIGNED));
        assertEquals(List.of(UNSIGNED, transaction, account, "-3.00", "USD"), view(unsigned));
        assertEquals("unknown", object(client.admin("GET", "/api/accounts/" + account + "?ledger=" + UNSIGNED)).getString("status"));
    }

    @Test
    void withoutLedgerTheOnlyLedgerThatHasTheIdIsRead() {
        String account = "acc_one_" + run;
        String transaction = "tx_one_" + run;
        sendUnsigned("evt_one_" + run, Events.transaction("transaction.created", "evt_one_" + run, AT, transaction, account,
                "1.50", "EUR", "pending"));

        assertEquals(UNSIGNED, object(client.admin("GET", "/api/accounts/" + account)).getString("ledger"));
        assertEquals(List.of(UNSIGNED, transaction, account, "1.50", "EUR"),
                view(array(client.admin("GET", "/api/accounts/" + account + "/transactions")).getJsonObject(0)));
        assertEquals(List.of(UNSIGNED, transaction, account, "1.50", "EUR"),
                view(object(client.admin("GET", "/api/transactions/" + transaction))));
    }

    @Test
    void withoutLedgerAnIdInSeveralLedgersIsA400NamingThem() {
        String account = "acc_two_" + run;
        String transaction = "tx_two_" + run;
        for (String source : List.of(SIGNED, UNSIGNED)) {
            String event = "evt_two_" + source + "_" + run;
            String body = Events.transaction("transaction.created", event, AT, transaction, account, "2.00", "EUR", "booked");
            assertEquals(200, (source.equals(SIGNED) ? sendSigned(event, body) : sendUnsigned(event, body)).statusCode());
        }

        for (String path : List.of("/api/accounts/" + account, "/api/accounts/" + account + "/transactions", "/api/transactions/" + transaction)) {
            HttpResponse<String> ambiguous = client.admin("GET", path);
            assertEquals(400, ambiguous.statusCode(), path);
            assertEquals("application/problem+json", ambiguous.headers().firstValue("Content-Type").orElse(""), path);
            String detail = object(ambiguous).getString("detail");
            assertTrue(detail.contains(SIGNED + ", " + UNSIGNED) && detail.contains("?ledger="), path + ": " + detail);
            assertEquals(200, client.admin("GET", path + "?ledger=" + UNSIGNED).statusCode(), path);
        }
    }

    @Test
    void anIdNoLedgerHasIs404AndSoIsAnIdInAnotherLedger() {
        String account = "acc_none_" + run;
        sendSigned("evt_none_" + run, Events.transaction("transaction.created", "evt_none_" + run, AT, "tx_none_" + run, account,
                "1.00", "EUR", "booked"));

        for (String path : List.of("/api/accounts/acc_nowhere_" + run, "/api/accounts/acc_nowhere_" + run + "/transactions",
                "/api/transactions/tx_nowhere_" + run, "/api/accounts/" + account + "?ledger=" + UNSIGNED,
                "/api/accounts/" + account + "/transactions?ledger=" + UNSIGNED, "/api/transactions/tx_none_" + run + "?ledger=" + UNSIGNED)) {
            HttpResponse<String> missing = client.admin("GET", path);
            assertEquals(404, missing.statusCode(), path);
            assertEquals(404, object(missing).getInt("status"), path);
        }
    }

    @Test
    void anUnusableLedgerIs400() {
        for (String ledger : List.of("ACME", "pay_ops", "", "a%20b", "x".repeat(65), "%C3%A4")) {
            for (String path : List.of("/api/accounts/acc_1", "/api/accounts/acc_1/transactions", "/api/transactions/tx_1")) {
                HttpResponse<String> refused = client.admin("GET", path + "?ledger=" + ledger);
                assertEquals(400, refused.statusCode(), path + "?ledger=" + ledger);
                assertTrue(object(refused).getString("detail").contains("ledger must be 1 to 64 characters a-z, 0-9 or -"), refused.body());
            }
        }
    }

    @Test
    void transactionsAreForTheAdminOnlyAndDocumented() {
        HttpResponse<String> anonymous = client.request("GET", "/api/transactions/tx_1", null);
        assertEquals(401, anonymous.statusCode());
        assertEquals(401, object(anonymous).getInt("status"));
        assertEquals(401, client.request("GET", "/api/transactions/tx_1",
                WebhookClient.basic(client.credentials().adminUser(), "wrong")).statusCode());

        String openapi = client.request("GET", "/openapi", null).body();
        assertTrue(openapi.contains("/api/transactions/{externalId}:"), "documents /api/transactions/{externalId}");
        assertTrue(openapi.contains("name: ledger"), "documents the ledger parameter");
    }

    private static List<String> view(JsonObject transaction) {
        return List.of(transaction.getString("ledger"), transaction.getString("id"), transaction.getString("accountId"),
                transaction.getString("amount"), transaction.getString("currency"));
    }

    private HttpResponse<String> sendSigned(String deliveryId, String body) {
        return client.sendStandard(deliveryId, body);
    }

    private HttpResponse<String> sendUnsigned(String deliveryId, String body) {
        return client.post("/api/webhooks/" + UNSIGNED, Map.of("Content-Type", "application/json", "webhook-id", deliveryId),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
