package io.bulwark.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.alert.delivery.AlertReceiver.Reply;
import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.DeliveryLoad;
import io.bulwark.testing.Events;
import io.bulwark.testing.MetricsScrape;
import io.bulwark.testing.infra.LibertyServer;
import io.bulwark.testing.infra.TestEnvironment;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alerts reaching people: two replicas of their own, whose ALERT_WEBHOOK_URL points at a chat webhook on a
 * loopback port. The first receives deliveries that cannot be applied (a USD transaction on a EUR account); the
 * alerts they raise are sent by whichever replica's worker claims them, and the receiver fails, hangs or is down
 * as each test needs. Every test checks that each alert was POSTed exactly as often as it shows.
 */
class AlertDeliveryIT {

    private static final String SERVER = "notifyalerts";
    private static final String REPLICA = "notifyreplica";
    /** The credential a Slack webhook URL carries in its path; it must never reach a log. */
    private static final String TOKEN = "T0SECRET/B0SECRET/" + UUID.randomUUID().toString().replace("-", "");

    private static AlertReceiver receiver;
    private static LibertyServer server;
    private static LibertyServer replica;

    private final DeliveryLoad load = new DeliveryLoad();

    @BeforeAll
    static void startReceiverAndServers() {
        receiver = AlertReceiver.start();
        // One alert a run and a short interval, so that the two workers take turns rather than one taking all. The
        // answer timeout is far above what a loaded test machine needs: an answer it missed would be sent again.
        Map<String, String> settings = Map.of(
                "ALERT_WEBHOOK_URL", "http://127.0.0.1:" + receiver.port() + "/services/" + TOKEN,
                "ALERT_WEBHOOK_INTERVAL", "PT0.2S",
                "ALERT_WEBHOOK_BATCH_SIZE", "1",
                "ALERT_WEBHOOK_CONNECT_TIMEOUT", "PT2S",
                "ALERT_WEBHOOK_REQUEST_TIMEOUT", "PT5S",
                "ALERT_WEBHOOK_BASE_DELAY", "PT0.3S",
                "ALERT_WEBHOOK_MAX_DELAY", "PT1S",
                "ALERT_WEBHOOK_MAX_ATTEMPTS", "100");
        int database = TestEnvironment.get().applicationDatabasePort();
        server = LibertyServer.start(SERVER, database, settings);
        replica = LibertyServer.start(REPLICA, database, settings);
    }

    @AfterAll
    static void stopReceiverAndServers() {
        for (LibertyServer each : new LibertyServer[] {server, replica}) {
            if (each != null) {
                each.close();
            }
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void alertArrivesAsSlackCompatibleJsonWithoutPayloadOrSecret() throws IOException {
        receiver.script(attempt -> Reply.ACCEPT);
        String run = run();
        String webhookId = failingDelivery(run);

        awaitStatus(webhookId, "SENT");
        List<AlertReceiver.Request> received = receiver.requestsFor(webhookId);
        assertEquals(1, received.size(), "one POST for one alert");
        AlertReceiver.Request request = received.get(0);
        JsonObject alert = request.json();
        assertEquals("/services/" + TOKEN, request.path());
        assertEquals("application/json", request.contentType());
        // Either replica's worker may claim the alert; the message names the one that sent it.
        String sender = alert.getString("instance");
        assertTrue(List.of(SERVER, REPLICA).contains(sender), sender);
        assertTrue(alert.getString("text").startsWith("[WARNING] Bulwark " + sender + ": Webhook processing failed (source acme, "
                + "type transaction.created, error "), alert.getString("text"));
        assertEquals(alertId(webhookId), alert.getString("id"));
        assertEquals("WARNING", alert.getString("severity"));
        assertEquals("acme", alert.getString("source"));
        assertEquals("transaction.created", alert.getString("eventType"));
        assertNotNull(alert.getString("errorClass"));
        assertNotNull(Instant.parse(alert.getString("createdAt")));
        for (String fromPayload : List.of("tx_secret_" + run, "acc_secret_" + run, "987.65", "USD", "evt_tx_" + run)) {
            assertFalse(request.body().contains(fromPayload), "the payload's " + fromPayload + " is not sent: " + request.body());
        }
        assertFalse(request.body().contains(TestEnvironment.get().credentials().standardSecret()));

        String log = logs();
        assertTrue(log.contains("Alert delivery to http://127.0.0.1:" + receiver.port() + "/..."), "the target is logged, redacted");
        assertFalse(log.contains("T0SECRET"), "the URL's credential is never logged");
    }

    @Test
    void failedAndTimedOutAttemptsAreRetriedUntilExactlyOneSucceeds() throws IOException {
        receiver.script(attempt -> attempt == 1 ? Reply.FAIL : attempt == 2 ? Reply.HANG : Reply.ACCEPT);
        double failedBefore = counter("failed");
        double sentBefore = counter("sent");
        String webhookId = failingDelivery(run());

        awaitStatus(webhookId, "SENT");
        sleep(1_500);
        List<Reply> replies = receiver.requestsFor(webhookId).stream().map(AlertReceiver.Request::reply).toList();
        assertEquals(List.of(Reply.FAIL, Reply.HANG, Reply.ACCEPT), replies, "a 500, a timeout, then one success and no more");
        assertEquals(List.of("SENT", "3"), DatabaseQueries.rows(
                "SELECT notify_status, notify_attempts FROM alerts WHERE webhook_id = ? AND notified_at IS NOT NULL AND notify_error IS NULL",
                UUID.fromString(webhookId)).get(0));
        assertTrue(counter("failed") - failedBefore >= 2, "both failed attempts are counted");
        assertTrue(counter("sent") - sentBefore >= 1, "the success is counted");
        String alertId = alertId(webhookId);
        String log = logs();
        assertTrue(log.contains("Alert " + alertId + " delivery attempt 1 failed (HTTP 500)"), "the 500 is logged");
        assertTrue(log.contains("Alert " + alertId + " delivery attempt 2 failed (HttpTimeoutException)"), "the timeout is logged");
    }

    @Test
    void alertTooOldToSendIsGivenUpOnAndCounted() throws IOException {
        receiver.script(attempt -> Reply.FAIL);
        double abandonedBefore = counter("abandoned");
        String webhookId = failingDelivery(run());
        await(() -> receiver.requestsFor(webhookId).size() >= 2, "the alert was tried and failed twice");

        DatabaseQueries.count("WITH aged AS (UPDATE alerts SET created_at = now() - interval '2 days' WHERE webhook_id = ? "
                + "RETURNING 1) SELECT count(*) FROM aged", UUID.fromString(webhookId));

        awaitStatus(webhookId, "ABANDONED");
        int attempts = receiver.requestsFor(webhookId).size();
        sleep(1_500);
        assertEquals(attempts, receiver.requestsFor(webhookId).size(), "an abandoned alert is not sent again");
        assertTrue(counter("abandoned") - abandonedBefore >= 1, "giving up is counted");
        assertTrue(logs().contains("Alert " + alertId(webhookId) + " not sent: raised more than PT24H ago"));
    }

    @Test
    void receiverThatIsDownDelaysNoDeliveryAndGetsItsAlertsAfterBothReplicasRestart() {
        receiver.script(attempt -> Reply.ACCEPT);
        receiver.stop();
        String run = run();
        List<String> webhookIds = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                long started = System.nanoTime();
                webhookIds.add(failingDelivery(run + "_" + i));
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(millis < 2_000, "delivery " + i + " answered in " + millis + " ms although alerts cannot be sent");
            }
            await(() -> webhookIds.stream().allMatch(id -> "ConnectException".equals(column(id, "notify_error"))),
                    "every alert's delivery was tried and refused a connection");

            server.kill();
            replica.kill();
            receiver.restart();
            server.restart();
            replica.restart();
        } finally {
            receiver.restart();
        }
        for (String webhookId : webhookIds) {
            awaitStatus(webhookId, "SENT");
            assertEquals(1, receiver.requestsFor(webhookId).size(), "delivered once after the restart: " + webhookId);
        }
    }

    @Test
    void bothReplicasSendAlertsButNeverTheSameOne() throws IOException {
        receiver.script(attempt -> Reply.ACCEPT);
        String run = run();
        // All raised at once, so that both workers find alerts waiting whatever the phase of their polling: one at a
        // time, each went to whichever worker polled first after it, which could be the same one twelve times.
        List<String> webhookIds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            webhookIds.add(failingDelivery(run + "_" + i));
        }
        List<String> alertIds = new ArrayList<>();
        for (String webhookId : webhookIds) {
            awaitStatus(webhookId, "SENT");
            assertEquals(1, receiver.requestsFor(webhookId).size(), "one POST for one alert: " + webhookId);
            alertIds.add(alertId(webhookId));
        }

        String first = Files.readString(server.log());
        String second = Files.readString(replica.log());
        long byFirst = alertIds.stream().filter(id -> first.contains("Alert " + id + " sent")).count();
        long bySecond = alertIds.stream().filter(id -> second.contains("Alert " + id + " sent")).count();
        assertEquals(alertIds.size(), byFirst + bySecond, "each alert sent by exactly one replica");
        assertTrue(byFirst > 0 && bySecond > 0, "both replicas' workers sent alerts: " + byFirst + " and " + bySecond);
    }

    /** Sends a transaction in USD on a EUR account: stored FAILED, which raises an alert. Returns the webhook id. */
    private String failingDelivery(String run) {
        Instant at = Instant.parse("2026-11-30T10:00:00Z");
        String account = "acc_secret_" + run;
        DeliveryLoad.Outcome opened = load.send(server.baseUrl(), new DeliveryLoad.Delivery("evt_acc_" + run,
                Events.account("account.created", "evt_acc_" + run, at, account, "active", "EUR", "0.00"), Map.of()));
        assertEquals(200, opened.status(), opened.body());
        DeliveryLoad.Outcome failed = load.send(server.baseUrl(), new DeliveryLoad.Delivery("evt_tx_" + run,
                Events.transaction("transaction.created", "evt_tx_" + run, at.plusSeconds(1), "tx_secret_" + run, account,
                        "987.65", "USD", "booked"), Map.of()));
        assertEquals(202, failed.status(), failed.body());
        return failed.json().getString("webhookId");
    }

    private static String alertId(String webhookId) {
        return DatabaseQueries.value("SELECT id FROM alerts WHERE webhook_id = ?", UUID.fromString(webhookId));
    }

    private static String column(String webhookId, String column) {
        return DatabaseQueries.value("SELECT " + column + " FROM alerts WHERE webhook_id = ?", UUID.fromString(webhookId));
    }

    private static void awaitStatus(String webhookId, String status) {
        await(() -> status.equals(column(webhookId, "notify_status")), "alert of " + webhookId + " " + status);
    }

    /** The counter summed over both replicas: either may have made the attempts. */
    private static double counter(String outcome) {
        return MetricsScrape.value(server.baseUrl(), "alert_notifications_total", "outcome=\"" + outcome + "\"")
                + MetricsScrape.value(replica.baseUrl(), "alert_notifications_total", "outcome=\"" + outcome + "\"");
    }

    /** Every message log of both replicas, those rotated by a restart included. */
    private static String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (LibertyServer each : List.of(server, replica)) {
            try (Stream<Path> files = Files.list(each.log().getParent())) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("messages")).toList()) {
                    all.append(Files.readString(file));
                }
            }
        }
        return all.toString();
    }

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            sleep(100);
        }
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
