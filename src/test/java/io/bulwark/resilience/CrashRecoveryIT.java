package io.bulwark.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.DeliveryLoad;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.LedgerAudit;
import io.bulwark.testing.infra.LibertyServer;
import io.bulwark.testing.infra.TestEnvironment;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server killed with SIGKILL in the middle of a burst (the OOM killer, a lost node): whatever it had
 * acknowledged is stored and applied once, whatever was in flight is stored whole or not at all, and the
 * database connections it held are given back. Started again, the server acknowledges every delivery sent to it
 * again: those never acknowledged, and the last ones acknowledged before the kill, which a provider replaying
 * the moments around an incident sends too. Each one already stored is answered as a duplicate of its original
 * event and not applied again.
 */
@ExtendWith(ArquillianExtension.class)
class CrashRecoveryIT {

    private static final Logger LOG = Logger.getLogger(CrashRecoveryIT.class.getName());
    private static final String SERVER = "bulwark-crash";
    private static final String APPLICATION_NAME = "bulwark-" + SERVER;
    private static final int SENDERS = 64;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 300;

    private final TestEnvironment environment = TestEnvironment.get();
    private final DeliveryLoad load = new DeliveryLoad();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void killedServerLosesNothingItAcknowledgedAndResentDeliveriesAreAcknowledgedOnce() throws InterruptedException {
        String run = UUID.randomUUID().toString().substring(0, 8);

        try (LibertyServer server = LibertyServer.start(SERVER, environment.applicationDatabasePort(), Map.of())) {
            List<DeliveryLoad.Outcome> beforeKill = killMidBurst(server, run);

            LOG.info(() -> "answers before and at the kill: " + DeliveryLoad.statusCounts(beforeKill));
            assertKilledNotStopped(server);
            assertTrue(beforeKill.stream().anyMatch(outcome -> outcome.status() == 0), "the kill cut deliveries in flight");
            assertTrue(beforeKill.stream().allMatch(outcome -> Set.of(0, 200, 503).contains(outcome.status())),
                    "only acknowledgements, 503 and cut connections: " + DeliveryLoad.statusCounts(beforeKill));
            awaitConnectionsOfTheDeadServerReleased();
            LedgerAudit.assertNothingLostOrDoubled(beforeKill);

            Map<String, DeliveryLoad.Delivery> sentAgain = sentAgain(beforeKill);
            Map<String, String> alreadyStored = storedWebhookIds(sentAgain.keySet());
            server.restart();
            List<DeliveryLoad.Outcome> resent = load.send(server.baseUrl(), List.copyOf(sentAgain.values()), SENDERS);
            LOG.info(() -> sentAgain.size() + " deliveries sent again, " + alreadyStored.size() + " of them already stored: "
                    + DeliveryLoad.statusCounts(resent));

            assertEveryResentDeliveryAcknowledgedOnce(resent, sentAgain.size(), alreadyStored);
            List<DeliveryLoad.Outcome> everyDelivery = new ArrayList<>(beforeKill.stream().filter(DeliveryLoad.Outcome::acknowledged).toList());
            everyDelivery.addAll(resent);
            LedgerAudit.assertNothingLostOrDoubled(everyDelivery);
        }
    }

    /** SIGKILL, not a shutdown: the port refuses connections at once, and the server logged no stopping. */
    private static void assertKilledNotStopped(LibertyServer server) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(ConnectException.class, () -> http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health/live"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()), "the killed server answers nothing");
        String log;
        try {
            log = Files.readString(server.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertFalse(log.contains("CWWKE0085I") || log.contains("CWWKE0036I"), "the server did not stop itself: it was killed");
    }

    private static void assertEveryResentDeliveryAcknowledgedOnce(List<DeliveryLoad.Outcome> resent, int sent,
                                                                   Map<String, String> alreadyStored) {
        assertEquals(Map.of(200, (long) sent), DeliveryLoad.statusCounts(resent), "answers to the deliveries sent again");
        for (DeliveryLoad.Outcome outcome : resent) {
            String deliveryId = outcome.delivery().deliveryId();
            JsonObject receipt = outcome.json();
            assertEquals(alreadyStored.containsKey(deliveryId), receipt.getBoolean("duplicate"),
                    "a delivery sent again is a duplicate exactly when it was already stored: " + deliveryId);
            if (alreadyStored.containsKey(deliveryId)) {
                assertEquals(alreadyStored.get(deliveryId), receipt.getString("webhookId"), "the original event of " + deliveryId);
            }
        }
    }

    /** Sends from {@link #SENDERS} senders until {@link #ACKNOWLEDGED_BEFORE_KILL} are acknowledged, then kills the server. */
    private List<DeliveryLoad.Outcome> killMidBurst(LibertyServer server, String run) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch acknowledged = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
        CompletableFuture<List<DeliveryLoad.Outcome>> sending = CompletableFuture.supplyAsync(() -> load.sendUntil(server.baseUrl(), run,
                SENDERS, stop, outcome -> {
                    if (outcome.acknowledged()) {
                        acknowledged.countDown();
                    }
                }));
        try {
            assertTrue(acknowledged.await(5, TimeUnit.MINUTES), "the server never acknowledged " + ACKNOWLEDGED_BEFORE_KILL + " deliveries");
            assertTrue(environment.pgBouncer().isEmpty() || pooledClients() > 0,
                    "PgBouncer lists the server's connections while it runs, so that their going away can be seen");
            server.kill();
        } finally {
            stop.set(true);
        }
        return sending.join();
    }

    /**
     * The pooler drops the dead server's client connections and closes the server connections they had in a
     * transaction, so PostgreSQL rolls those back and frees their locks; without that, the rows they locked
     * would stay locked and every later delivery touching them would time out. Only then is the database
     * settled: a commit the dead server had sent may still have been running when it died.
     */
    private void awaitConnectionsOfTheDeadServerReleased() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inTransaction() + pooledClients() > 0) {
            assertTrue(System.nanoTime() < deadline, "still held after 30 s: " + inTransaction() + " PostgreSQL sessions in a transaction, "
                    + pooledClients() + " PgBouncer clients of " + APPLICATION_NAME);
            Thread.sleep(100);
        }
    }

    private static long inTransaction() {
        return DatabaseQueries.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND state <> 'idle'",
                APPLICATION_NAME);
    }

    private long pooledClients() {
        return environment.pgBouncer()
                .map(pgBouncer -> pgBouncer.console("SHOW CLIENTS").stream().filter(row -> row.contains(APPLICATION_NAME)).count())
                .orElse(0L);
    }

    /**
     * Each delivery once: every one a sending of which was not acknowledged, and those of the last
     * {@link #SENDERS} acknowledgements. Some of the first kind are stored too: the killed server may have
     * committed one without answering, and the load repeats some deliveries, so another sending of one may
     * have been acknowledged.
     */
    private static Map<String, DeliveryLoad.Delivery> sentAgain(List<DeliveryLoad.Outcome> outcomes) {
        Map<String, DeliveryLoad.Delivery> sentAgain = new LinkedHashMap<>();
        outcomes.stream().filter(outcome -> !outcome.acknowledged()).map(DeliveryLoad.Outcome::delivery)
                .forEach(delivery -> sentAgain.putIfAbsent(delivery.deliveryId(), delivery));
        List<DeliveryLoad.Outcome> acknowledged = outcomes.stream().filter(DeliveryLoad.Outcome::acknowledged).toList();
        acknowledged.subList(Math.max(0, acknowledged.size() - SENDERS), acknowledged.size())
                .forEach(outcome -> sentAgain.putIfAbsent(outcome.delivery().deliveryId(), outcome.delivery()));
        return sentAgain;
    }

    private static Map<String, String> storedWebhookIds(Set<String> deliveryIds) {
        return DatabaseQueries.rows("SELECT delivery_id, id::text FROM webhook_events WHERE source = 'acme' AND delivery_id = ANY (?)",
                        (Object) deliveryIds.toArray(String[]::new)).stream()
                .collect(Collectors.toMap(row -> row.get(0), row -> row.get(1)));
    }
}
