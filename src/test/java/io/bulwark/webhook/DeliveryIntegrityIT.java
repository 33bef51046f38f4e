package io.bulwark.webhook;

import static io.bulwark.testing.WebhookClient.array;
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
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a sender holding one valid secret cannot do to the stored events: store and apply one delivery twice by
 * spelling its source another way, freeze an account with an event dated far ahead, or resend a captured
 * GitHub body under a fresh delivery id.
 */
@ExtendWith(ArquillianExtension.class)
class DeliveryIntegrityIT {

    private static final int TOLERANCE_SECONDS = 300;

    private final WebhookClient client = new WebhookClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void everySpellingOfASourceIsOneSourceWithOneDedupKeyOneLedgerAndOneMetricsSeries() {
        String delivery = "evt_spelled_" + run;
        String account = "acc_spelled_" + run;
        byte[] body = Events.account("account.updated", delivery, Instant.parse("2026-11-29T10:00:00Z"), account, "active", "EUR",
                "10.00").getBytes(StandardCharsets.UTF_8);

        List<HttpResponse<String>> answers = List.of("pay_ops", "pay-ops", "PAY_OPS", "Pay-Ops").stream()
                .map(spelling -> client.post("/api/webhooks/" + spelling, standardHeaders(delivery, body), body))
                .toList();

        answers.forEach(answer -> assertEquals(200, answer.statusCode(), answer.body()));
        String webhookId = object(answers.get(0)).getString("webhookId");
        assertFalse(object(answers.get(0)).getBoolean("duplicate"));
        for (HttpResponse<String> again : answers.subList(1, answers.size())) {
            assertTrue(object(again).getBoolean("duplicate"), again.body());
            assertEquals(webhookId, object(again).getString("webhookId"), "every spelling finds the first delivery");
        }
        assertEquals(List.of(List.of("pay-ops", "pay-ops")), DatabaseQueries.rows(
                "SELECT source, ledger FROM webhook_events WHERE delivery_id = ?", delivery), "stored once, under the canonical name");
        JsonObject event = object(client.admin("GET", "/api/webhooks/" + webhookId));
        assertEquals("pay-ops", event.getString("source"));
        assertEquals("pay-ops", event.getString("ledger"));
        assertEquals(1, object(client.admin("GET", "/api/webhooks?source=PAY_OPS&deliveryId=" + delivery)).getJsonArray("items").stream()
                .filter(listed -> listed.asJsonObject().getString("webhookId").equals(webhookId)).count(), "found by any spelling");

        String metrics = client.request("GET", "/metrics", null).body();
        assertTrue(metrics.contains("source=\"pay-ops\""), "one series under the canonical name");
        assertFalse(metrics.contains("source=\"pay_ops\""), "and none under another spelling");
    }

    @Test
    void anEventDatedFarAheadIsStoredButNotAppliedSoItCannotFreezeAnAccount() {
        String account = "acc_frozen_" + run;
        Instant now = Instant.now();
        client.sendStandard("evt_open_" + run, Events.account("account.created", "evt_open_" + run, now.minusSeconds(60), account,
                "active", "EUR", "1.00"));

        HttpResponse<String> frozen = client.sendStandard("evt_freeze_" + run, Events.account("account.updated", "evt_freeze_" + run,
                Instant.parse("9999-12-31T23:59:59Z"), account, "frozen", "EUR", "1.00"));

        assertEquals(202, frozen.statusCode(), frozen.body());
        assertEquals("FAILED", object(frozen).getString("status"));
        String webhookId = object(frozen).getString("webhookId");
        assertTrue(object(client.admin("GET", "/api/webhooks/" + webhookId)).getString("lastError").startsWith("OccurredInTheFuture"));
        assertEquals(1, alertsFor(webhookId, "OccurredInTheFuture"), "an alert says why");
        assertEquals("active", accountStatus(account));

        HttpResponse<String> genuine = client.sendStandard("evt_genuine_" + run, Events.account("account.updated", "evt_genuine_" + run,
                now, account, "closing", "EUR", "1.00"));
        assertEquals(200, genuine.statusCode(), genuine.body());
        assertEquals("closing", accountStatus(account), "a later genuine update still applies");

        JsonObject replayed = object(client.admin("POST", "/api/webhooks/" + webhookId + "/replay"));
        assertEquals("FAILED", replayed.getString("status"), "a replay before its time applies nothing");
        assertEquals("closing", accountStatus(account));
    }

    @Test
    void anEventDatedJustAheadIsAppliedByReplayOnceItsTimeHasCome() throws InterruptedException {
        String account = "acc_ahead_" + run;
        Instant due = Instant.now().plusSeconds(TOLERANCE_SECONDS + 15);
        HttpResponse<String> ahead = client.sendStandard("evt_ahead_" + run, Events.account("account.created", "evt_ahead_" + run,
                due, account, "active", "EUR", "5.00"));

        assertEquals(202, ahead.statusCode(), ahead.body());
        String webhookId = object(ahead).getString("webhookId");
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM accounts WHERE external_id = ?", account), "not applied yet");

        Instant deadline = due.minusSeconds(TOLERANCE_SECONDS).plus(Duration.ofSeconds(60));
        String status = "FAILED";
        while (!status.equals("PROCESSED") && Instant.now().isBefore(deadline)) {
            Thread.sleep(1_000);
            status = object(client.admin("GET", "/api/webhooks/" + webhookId)).getString("status");
            if (status.equals("FAILED") && Instant.now().isAfter(due.minusSeconds(TOLERANCE_SECONDS))) {
                HttpResponse<String> replay = client.admin("POST", "/api/webhooks/" + webhookId + "/replay");
                // 409: the background recovery applied it first, which is as good.
                assertTrue(replay.statusCode() == 200 || replay.statusCode() == 409, replay.body());
                status = object(client.admin("GET", "/api/webhooks/" + webhookId)).getString("status");
            }
        }

        assertEquals("PROCESSED", status, "applied once its time came");
        assertEquals("active", accountStatus(account));
    }

    @Test
    void anEventDatedBeforeTheYear2000IsStoredButNotApplied() {
        String account = "acc_early_" + run;

        HttpResponse<String> early = client.sendStandard("evt_early_" + run, Events.account("account.created", "evt_early_" + run,
                Instant.parse("1999-12-31T23:59:59Z"), account, "active", "EUR", "5.00"));

        assertEquals(202, early.statusCode(), early.body());
        assertEquals(1, alertsFor(object(early).getString("webhookId"), "OccurredTooEarly"));
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM accounts WHERE external_id = ?", account));
    }

    @Test
    void aGithubBodySentAgainUnderANewDeliveryIdIsADuplicateOfTheFirst() {
        byte[] body = Events.envelope("ping_" + run, "ping", Instant.now(), Json.createObjectBuilder().add("zen", run))
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> first = client.post("/api/webhooks/" + TestCredentials.GITHUB_SOURCE, githubHeaders(UUID.randomUUID(), body), body);
        HttpResponse<String> resent = client.post("/api/webhooks/" + TestCredentials.GITHUB_SOURCE, githubHeaders(UUID.randomUUID(), body), body);
        byte[] changed = new String(body, StandardCharsets.UTF_8).replace(run, run + "!").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> other = client.post("/api/webhooks/" + TestCredentials.GITHUB_SOURCE, githubHeaders(UUID.randomUUID(), changed),
                changed);

        assertEquals(200, first.statusCode(), first.body());
        assertFalse(object(first).getBoolean("duplicate"));
        assertEquals(200, resent.statusCode(), resent.body());
        assertTrue(object(resent).getBoolean("duplicate"), "the same signed body is the same delivery");
        assertEquals(object(first).getString("webhookId"), object(resent).getString("webhookId"));
        assertEquals(200, other.statusCode(), other.body());
        assertFalse(object(other).getBoolean("duplicate"), "another body is another delivery");
        assertEquals(2, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE source = 'github' AND starts_with(payload ->> 'id', ?)",
                "ping_" + run), "the body sent again is not stored again");
    }

    private Map<String, String> standardHeaders(String deliveryId, byte[] body) {
        return client.standardHeaders(deliveryId, Instant.now().getEpochSecond(), body);
    }

    private Map<String, String> githubHeaders(UUID deliveryId, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-GitHub-Event", "ping");
        headers.put("X-GitHub-Delivery", deliveryId.toString());
        headers.put("X-Hub-Signature-256", Signer.github(client.credentials().githubSecret(), body));
        return headers;
    }

    private String accountStatus(String account) {
        return DatabaseQueries.value("SELECT status FROM accounts WHERE external_id = ?", account);
    }

    private static long alertsFor(String webhookId, String errorClass) {
        return DatabaseQueries.count("SELECT count(*) FROM alerts WHERE webhook_id = CAST(? AS uuid) AND error_class = ?",
                webhookId, errorClass);
    }
}
