package io.bulwark.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.DeliveryLoad;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.LedgerAudit;
import io.bulwark.testing.MetricsScrape;
import io.bulwark.testing.RequiresPgBouncer;
import io.bulwark.testing.infra.LibertyServer;
import io.bulwark.testing.infra.PgBouncer;
import io.bulwark.testing.infra.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two replicas behind one PgBouncer, as on Kubernetes: the server Arquillian manages and a second one
 * started here. The same deliveries reach both at once; FAILED events are recovered by the background
 * workers of both, each event by exactly one of them.
 */
@RequiresPgBouncer
@ExtendWith(ArquillianExtension.class)
class TwoReplicasIT {

    private static final int DELIVERIES = 1_000;
    private static final int FAILED_EVENTS = 20;
    private static final String REPLICA = "bulwark-replica";
    private static final String REPLICA_APPLICATION_NAME = "bulwark-" + REPLICA;

    private static LibertyServer replica;

    private final String first = "http://localhost:" + System.getProperty("bulwark.it.httpPort");
    private final DeliveryLoad load = new DeliveryLoad();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @BeforeAll
    static void startSecondReplica() {
        replica = LibertyServer.start(REPLICA, TestEnvironment.get().pgBouncer().map(PgBouncer::port).orElseThrow(), Map.of());
    }

    @AfterAll
    static void stopSecondReplica() {
        if (replica != null) {
            replica.close();
        }
    }

    @Test
    void sameDeliveriesToBothReplicasAreStoredAndAppliedOnce() {
        List<DeliveryLoad.Delivery> deliveries = DeliveryLoad.mix(UUID.randomUUID().toString().substring(0, 8), DELIVERIES);

        CompletableFuture<List<DeliveryLoad.Outcome>> toFirst = CompletableFuture.supplyAsync(() -> load.send(first, deliveries, 16));
        CompletableFuture<List<DeliveryLoad.Outcome>> toSecond = CompletableFuture.supplyAsync(() -> load.send(replica.baseUrl(), deliveries, 16));
        List<DeliveryLoad.Outcome> outcomes = new ArrayList<>(toFirst.join());
        outcomes.addAll(toSecond.join());

        Set<String> pooled = pooledApplicationNames();
        assertTrue(pooled.contains(REPLICA_APPLICATION_NAME) && pooled.stream().anyMatch(name -> !name.equals(REPLICA_APPLICATION_NAME)),
                "both replicas' connections go through the one PgBouncer: " + pooled);
        assertEquals(Map.of(200, 2L * DELIVERIES), DeliveryLoad.statusCounts(outcomes));
        assertEquals(DELIVERIES - DELIVERIES / 10, outcomes.stream().filter(o -> o.body().contains("\"duplicate\":false")).count(),
                "each distinct delivery is first exactly once across both replicas");
        LedgerAudit.assertNothingLostOrDoubled(outcomes);
    }

    @Test
    void failedEventsAreRecoveredByExactlyOneWorker() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String account = "acc_rec_" + run;
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        send(first, "evt_acc_" + run, Events.account("account.created", "evt_acc_" + run, at, account, "active", "EUR", "0.00"));
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < FAILED_EVENTS; i++) {
            String id = "evt_usd_" + run + "_" + i;
            DeliveryLoad.Outcome outcome = send(i % 2 == 0 ? first : replica.baseUrl(), id, Events.transaction("transaction.created", id,
                    at.plusSeconds(1), "tx_rec_" + run + "_" + i, account, "1.00", "USD", "booked"));
            assertEquals(202, outcome.status(), outcome.body());
            failed.add(outcome.body().replaceAll(".*\"webhookId\":\"([^\"]+)\".*", "$1"));
        }
        send(first, "evt_usd_acc_" + run, Events.account("account.updated", "evt_usd_acc_" + run, at.plusSeconds(2), account, "active", "USD", "0.00"));

        long due = DatabaseQueries.count("WITH due AS (UPDATE webhook_events SET next_attempt_at = now() WHERE delivery_id LIKE ? "
                + "AND status = 'FAILED' RETURNING 1) SELECT count(*) FROM due", "evt_usd_" + run + "_%");
        assertEquals(FAILED_EVENTS, due);

        awaitProcessed(run);
        assertTrue(recoveryRuns(first) > 0 && recoveryRuns(replica.baseUrl()) > 0, "the recovery workers of both replicas were running");
        assertEquals(FAILED_EVENTS, DatabaseQueries.count("SELECT count(*) FROM transactions WHERE external_id LIKE ? AND version = 0",
                "tx_rec_" + run + "_%"), "each recovered event applied once");
        assertEquals(FAILED_EVENTS, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE delivery_id LIKE ? AND attempts = 2",
                "evt_usd_" + run + "_%"), "one failed attempt, one recovery");
        String logs = Files.readString(replica.log()) + Files.readString(firstServerLog());
        for (String webhookId : failed) {
            assertEquals(1, count(logs, "Recovered webhook event " + webhookId), "recovered by exactly one worker: " + webhookId);
        }
    }

    private static Set<String> pooledApplicationNames() {
        return TestEnvironment.get().pgBouncer().orElseThrow().consoleRows("SHOW CLIENTS").stream()
                .map(client -> client.get("application_name"))
                .filter(name -> name != null && name.startsWith("bulwark-"))
                .collect(Collectors.toSet());
    }

    private static double recoveryRuns(String baseUrl) {
        return MetricsScrape.value(baseUrl, "database_operation_seconds_count", "operation=\"webhook.recover\"");
    }

    private DeliveryLoad.Outcome send(String baseUrl, String id, String body) {
        return load.send(baseUrl, new DeliveryLoad.Delivery(id, body, Map.of()));
    }

    private static void awaitProcessed(String run) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE delivery_id LIKE ? AND status = 'PROCESSED'",
                    "evt_usd_" + run + "_%") == FAILED_EVENTS) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("FAILED events were not recovered within 30 s");
    }

    private static Path firstServerLog() {
        return Path.of(System.getProperty("bulwark.it.wlpHome"), "usr", "servers", System.getProperty("bulwark.it.serverName"),
                "logs", "messages.log");
    }

    private static int count(String text, String fragment) {
        int count = 0;
        for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) {
            count++;
        }
        return count;
    }
}
