package io.bulwark.webhook.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.DeliveryLoad;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.MetricsScrape;
import io.bulwark.testing.RequiresPgBouncer;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.LibertyServer;
import io.bulwark.testing.infra.PgBouncer;
import io.bulwark.testing.infra.TestCredentials;
import io.bulwark.testing.infra.TestEnvironment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bulk replay with two replicas behind one PgBouncer, both running replay workers: the server Arquillian manages
 * (a job checked for every 2 s, 50 events a second) and a second one started here (every 0.2 s, 10 a second), so
 * that a job one of them runs is still running when the other looks for work. Events are made to fail
 * deterministically (USD transactions on a EUR account) and then applicable (the account moves to USD).
 */
@RequiresPgBouncer
@ExtendWith(ArquillianExtension.class)
class BulkReplayIT {

    private static final int FAILED_EVENTS = 40;
    private static final String REPLICA = "bulwark-replay-replica";
    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

    private static LibertyServer replica;

    private final String first = "http://localhost:" + System.getProperty("bulwark.it.httpPort");
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final DeliveryLoad load = new DeliveryLoad();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TestCredentials credentials = TestEnvironment.get().credentials();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @BeforeAll
    static void startSecondReplica() {
        replica = LibertyServer.start(REPLICA, TestEnvironment.get().pgBouncer().map(PgBouncer::port).orElseThrow(),
                Map.of("WEBHOOK_REPLAY_INTERVAL", "PT0.2S", "WEBHOOK_REPLAY_RATE", "10"));
    }

    @AfterAll
    static void stopSecondReplica() {
        if (replica != null) {
            replica.close();
        }
    }

    @Test
    void twoJobsOnTwoReplicasReplayEveryFailedEventExactlyOnceInReceivedOrder() {
        String from = databaseNow();
        List<String> failed = failedTransactions("acc_b_" + run, "evt_b_" + run, FAILED_EVENTS);
        String to = databaseNow();
        makeApplicable("acc_b_" + run);
        String filter = "{\"source\":\"acme\",\"status\":\"FAILED\",\"receivedFrom\":\"" + from + "\",\"receivedTo\":\"" + to + "\"}";
        double processedBefore = replayedEvents("processed");

        JsonObject one = object(admin(first, "POST", "/api/webhooks/replay", filter, Map.of()), 202);
        JsonObject other = object(admin(replica.baseUrl(), "POST", "/api/webhooks/replay", filter, Map.of()), 202);
        assertEquals("QUEUED", one.getString("state"));
        JsonObject doneOne = awaitEnded(one.getString("id"));
        JsonObject doneOther = awaitEnded(other.getString("id"));

        assertEquals("DONE", doneOne.getString("state"), doneOne.toString());
        assertEquals("DONE", doneOther.getString("state"), doneOther.toString());
        List<String> owners = DatabaseQueries.rows("SELECT split_part(owner, '/', 1) FROM replay_jobs WHERE id IN (CAST(? AS uuid), CAST(? AS uuid))",
                one.getString("id"), other.getString("id")).stream().map(row -> row.get(0)).distinct().toList();
        assertEquals(2, owners.size(), "each replica ran one of the jobs: " + owners);
        assertEquals(FAILED_EVENTS, counts(doneOne).getInt("processed") + counts(doneOther).getInt("processed"),
                "every event applied by exactly one of the two jobs");
        assertEquals(FAILED_EVENTS, replayedEvents("processed") - processedBefore, 0.0, "and counted so by the replicas' metrics");
        for (JsonObject job : List.of(doneOne, doneOther)) {
            JsonObject counts = counts(job);
            assertEquals(0, counts.getInt("failed"), job.toString());
            assertEquals(counts.getInt("selected"), counts.getInt("replayed") + counts.getInt("skipped"), job.toString());
            assertEquals(counts.getInt("replayed"), counts.getInt("processed") + counts.getInt("failed") + counts.getInt("ignored"));
        }

        assertEquals(FAILED_EVENTS, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE id = ANY (CAST(? AS uuid[])) "
                + "AND status = 'PROCESSED' AND attempts = 2", (Object) failed.toArray(String[]::new)), "one failed attempt at receipt, one replay");
        assertEquals(List.of(List.of("1", String.valueOf(FAILED_EVENTS))), DatabaseQueries.rows("SELECT DISTINCT count(*) OVER (PARTITION BY "
                + "webhook_id), count(*) OVER () FROM webhook_replays WHERE webhook_id = ANY (CAST(? AS uuid[]))", (Object) failed.toArray(String[]::new)),
                "the replay audit holds each event once");
        assertEquals(FAILED_EVENTS, DatabaseQueries.count("SELECT count(*) FROM transactions WHERE external_id LIKE ? AND version = 0",
                "tx_b_" + run + "_%"), "each transaction written once");
        List<String> appliedOrder = DatabaseQueries.rows("SELECT id::text FROM webhook_events WHERE id = ANY (CAST(? AS uuid[])) ORDER BY processed_at",
                (Object) failed.toArray(String[]::new)).stream().map(row -> row.get(0)).toList();
        assertEquals(failed, appliedOrder, "applied in the order they were received");
    }

    @Test
    void jobOfAReplicaThatDiedIsResumedByAnotherOnceItsLeaseExpired() {
        String from = databaseNow();
        List<String> failed = failedTransactions("acc_d_" + run, "evt_d_" + run, 5);
        String to = databaseNow();
        makeApplicable("acc_d_" + run);
        String job = UUID.randomUUID().toString();
        DatabaseQueries.count("WITH held AS (INSERT INTO replay_jobs (id, state, source, received_from, received_to, include_ignored, created_by, "
                + "started_at, owner, lease_until) VALUES (CAST(? AS uuid), 'RUNNING', 'acme', CAST(? AS timestamptz), CAST(? AS timestamptz), "
                + "false, ?, now(), 'gone-replica/dead', now() + interval '3 seconds') RETURNING 1) SELECT count(*) FROM held", job, from, to,
                credentials.adminUser());

        sleep(1_500);
        JsonObject held = object(admin(first, "GET", "/api/webhooks/replay/" + job, null, Map.of()), 200);
        assertEquals(0, counts(held).getInt("replayed"), "no replica takes a job whose lease is live: " + held);
        JsonObject done = awaitEnded(job);

        assertEquals("DONE", done.getString("state"), done.toString());
        assertEquals(5, counts(done).getInt("processed"), done.toString());
        assertNotEquals("gone-replica/dead", DatabaseQueries.value("SELECT owner FROM replay_jobs WHERE id = CAST(? AS uuid)", job));
        assertEquals(5, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE id = ANY (CAST(? AS uuid[])) AND status = 'PROCESSED'",
                (Object) failed.toArray(String[]::new)));
    }

    @Test
    void ignoredEventsAreReplayedOnlyWhenAsked() {
        // A test cannot change a running server's mapping, so the events are stored as they would have been
        // before a mapping that reads them was configured: IGNORED, with nothing applied.
        String from = databaseNow();
        for (int i = 0; i < 3; i++) {
            String delivery = "evt_i_" + run + "_" + i;
            DatabaseQueries.count("WITH stored AS (INSERT INTO webhook_events (id, source, ledger, delivery_id, event_type, occurred_at, payload, "
                    + "status, attempts, processed_at) VALUES (gen_random_uuid(), 'acme', 'acme', ?, 'account.created', CAST(? AS timestamptz), "
                    + "CAST(? AS jsonb), 'IGNORED', 1, now()) RETURNING 1) SELECT count(*) FROM stored", delivery, AT.toString(),
                    Events.account("account.created", delivery, AT, "acc_i_" + run + "_" + i, "active", "EUR", i + ".00"));
        }
        String to = databaseNow();
        String window = "\"receivedFrom\":\"" + from + "\",\"receivedTo\":\"" + to + "\"";

        JsonObject without = awaitEnded(object(admin(first, "POST", "/api/webhooks/replay", "{" + window + "}", Map.of()), 202).getString("id"));
        assertEquals(0, counts(without).getInt("selected"), "IGNORED events are not replayed unless asked: " + without);
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM accounts WHERE external_id LIKE ?", "acc_i_" + run + "_%"));
        assertEquals(400, admin(first, "POST", "/api/webhooks/replay", "{\"status\":\"IGNORED\"," + window + "}", Map.of()).statusCode(),
                "status IGNORED without includeIgnored");

        JsonObject with = awaitEnded(object(admin(first, "POST", "/api/webhooks/replay", "{\"includeIgnored\":true," + window + "}",
                Map.of()), 202).getString("id"));
        assertEquals(3, counts(with).getInt("selected"), with.toString());
        assertEquals(3, counts(with).getInt("processed"), with.toString());
        assertTrue(with.getBoolean("includeIgnored"));
        assertEquals(3, DatabaseQueries.count("SELECT count(*) FROM accounts WHERE external_id LIKE ?", "acc_i_" + run + "_%"),
                "read again, they are applied");
    }

    @Test
    void idempotencyKeyAnswersTheSameJob() {
        String key = "key-" + run;
        String body = "{\"deliveryId\":\"evt_none_" + run + "\"}";
        HttpResponse<String> created = admin(first, "POST", "/api/webhooks/replay", body, Map.of("Idempotency-Key", key));
        HttpResponse<String> again = admin(replica.baseUrl(), "POST", "/api/webhooks/replay", "{}", Map.of("Idempotency-Key", key));
        HttpResponse<String> otherKey = admin(first, "POST", "/api/webhooks/replay", body, Map.of("Idempotency-Key", key + "-2"));

        String id = object(created, 202).getString("id");
        assertEquals(id, object(again, 202).getString("id"), "the same key, the same job, on any replica");
        assertEquals("evt_none_" + run, object(again, 202).getJsonObject("filter").getString("deliveryId"), "the first request's job");
        assertNotEquals(id, object(otherKey, 202).getString("id"));
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/webhooks/replay/" + id), created.headers().toString());
        assertEquals(URI.create(created.headers().firstValue("Location").orElseThrow()).getPath(),
                URI.create(again.headers().firstValue("Location").orElseThrow()).getPath());
    }

    @Test
    void jobsAreListedCancelledAndRefusedAsDocumented() {
        String body = "{\"deliveryId\":\"evt_none_" + run + "\"}";
        String older = object(admin(first, "POST", "/api/webhooks/replay", body, Map.of()), 202).getString("id");
        String newer = object(admin(first, "POST", "/api/webhooks/replay", body, Map.of()), 202).getString("id");

        HttpResponse<String> firstPage = admin(first, "GET", "/api/webhooks/replay?limit=1", null, Map.of());
        JsonObject page = object(firstPage, 200);
        assertEquals(newer, page.getJsonArray("items").getJsonObject(0).getString("id"), "newest first");
        assertTrue(firstPage.headers().firstValue("Link").orElse("").contains("rel=\"next\""));
        JsonObject second = object(admin(first, "GET", "/api/webhooks/replay?limit=1&cursor=" + page.getString("next"), null, Map.of()), 200);
        assertEquals(older, second.getJsonArray("items").getJsonObject(0).getString("id"));

        JsonObject ended = awaitEnded(older);
        assertEquals(409, admin(first, "DELETE", "/api/webhooks/replay/" + older, null, Map.of()).statusCode(), "ended: " + ended);
        assertEquals(404, admin(first, "DELETE", "/api/webhooks/replay/" + UUID.randomUUID(), null, Map.of()).statusCode());
        assertEquals(404, admin(first, "GET", "/api/webhooks/replay/" + UUID.randomUUID(), null, Map.of()).statusCode());
        for (String bad : List.of("{\"status\":\"PROCESSED\"}", "{\"receivedFrom\":\"today\"}", "{\"source\":\"not a name\"}", "[1,", "")) {
            HttpResponse<String> refused = admin(first, "POST", "/api/webhooks/replay", bad, Map.of());
            assertEquals(400, refused.statusCode(), bad + ": " + refused.body());
        }
    }

    @Test
    void runningJobIsCancelled() {
        String from = databaseNow();
        failedTransactions("acc_c_" + run, "evt_c_" + run, 60);
        String to = databaseNow();
        makeApplicable("acc_c_" + run);
        String filter = "{\"source\":\"acme\",\"receivedFrom\":\"" + from + "\",\"receivedTo\":\"" + to + "\"}";
        String job = object(admin(replica.baseUrl(), "POST", "/api/webhooks/replay", filter, Map.of()), 202).getString("id");
        awaitReplayed(job, 1);

        JsonObject cancelled = object(admin(first, "DELETE", "/api/webhooks/replay/" + job, null, Map.of()), 200);
        assertEquals("CANCELLED", cancelled.getString("state"));
        int replayed = counts(cancelled).getInt("replayed");
        assertTrue(replayed < 60, "stopped before the end: " + cancelled);
        sleep(1_500);
        JsonObject after = object(admin(first, "GET", "/api/webhooks/replay/" + job, null, Map.of()), 200);
        assertEquals("CANCELLED", after.getString("state"));
        assertEquals(replayed, counts(after).getInt("replayed"), "no event replayed after the cancel answered");
        assertEquals(replayed, DatabaseQueries.count("SELECT count(*) FROM webhook_replays WHERE job_id = CAST(? AS uuid)", job));
        assertEquals(409, admin(first, "DELETE", "/api/webhooks/replay/" + job, null, Map.of()).statusCode(), "cancelled already");
    }

    /** {@code count} USD transactions on a new EUR account, each stored FAILED, alternately through each replica; their ids in received order. */
    private List<String> failedTransactions(String account, String prefix, int count) {
        send(first, prefix + "_acc", Events.account("account.created", prefix + "_acc", AT, account, "active", "EUR", "0.00"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String delivery = prefix + "_" + i;
            DeliveryLoad.Outcome outcome = send(i % 2 == 0 ? first : replica.baseUrl(), delivery, Events.transaction("transaction.created",
                    delivery, AT.plusSeconds(1 + i), prefix.replace("evt_", "tx_") + "_" + i, account, "1.00", "USD", "booked"));
            assertEquals(202, outcome.status(), outcome.body());
            ids.add(outcome.body().replaceAll(".*\"webhookId\":\"([^\"]+)\".*", "$1"));
        }
        return ids;
    }

    private void makeApplicable(String account) {
        String delivery = "evt_usd_" + account;
        assertEquals(200, send(first, delivery, Events.account("account.updated", delivery, AT.plusSeconds(1_000), account, "active", "USD",
                "0.00")).status());
    }

    private DeliveryLoad.Outcome send(String baseUrl, String deliveryId, String body) {
        return load.send(baseUrl, new DeliveryLoad.Delivery(deliveryId, body, Map.of()));
    }

    private JsonObject awaitEnded(String jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject job = object(admin(first, "GET", "/api/webhooks/replay/" + jobId, null, Map.of()), 200);
            if (!List.of("QUEUED", "RUNNING").contains(job.getString("state"))) {
                return job;
            }
            sleep(200);
        }
        throw new AssertionError("replay job " + jobId + " did not end within 60 s");
    }

    private void awaitReplayed(String jobId, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (counts(object(admin(first, "GET", "/api/webhooks/replay/" + jobId, null, Map.of()), 200)).getInt("replayed") >= atLeast) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("replay job " + jobId + " replayed nothing within 30 s");
    }

    /** {@code webhook_replay_events_total} of both replicas, for one outcome. */
    private double replayedEvents(String outcome) {
        return MetricsScrape.value(first, "webhook_replay_events_total", "outcome=\"" + outcome + "\"")
                + MetricsScrape.value(replica.baseUrl(), "webhook_replay_events_total", "outcome=\"" + outcome + "\"");
    }

    private static JsonObject counts(JsonObject job) {
        return job.getJsonObject("counts");
    }

    private HttpResponse<String> admin(String baseUrl, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", WebhookClient.basic(credentials.adminUser(), credentials.adminPassword()))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject object(HttpResponse<String> response, int expectedStatus) {
        assertEquals(expectedStatus, response.statusCode(), response.body());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private static String databaseNow() {
        return DatabaseQueries.value("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
