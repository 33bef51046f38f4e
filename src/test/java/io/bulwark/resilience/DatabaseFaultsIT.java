package io.bulwark.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DeliveryLoad;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.LedgerAudit;
import io.bulwark.testing.RequiresPgBouncer;
import io.bulwark.testing.infra.EmbeddedDatabase;
import io.bulwark.testing.infra.PgBouncer;
import io.bulwark.testing.infra.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real faults under load, through PgBouncer in transaction mode. For each: no acknowledged delivery is lost
 * and none is applied twice; nothing is half-stored; a sender meets 503 with Retry-After while the fault
 * lasts, never a 500; and deliveries are acknowledged again within 10 seconds after the fault clears.
 */
@RequiresPgBouncer
@ExtendWith(ArquillianExtension.class)
class DatabaseFaultsIT {

    private static final Logger LOG = Logger.getLogger(DatabaseFaultsIT.class.getName());
    private static final int SENDERS = 8;
    private static final Duration FAULT = Duration.ofSeconds(4);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(10);

    private final String baseUrl = "http://localhost:" + System.getProperty("bulwark.it.httpPort");
    private final DeliveryLoad load = new DeliveryLoad();
    private final TestEnvironment environment = TestEnvironment.get();
    private final EmbeddedDatabase database = environment.database();
    private final HttpClient http = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void postgresRestart() {
        List<Integer> readinessDuringOutage = new ArrayList<>();
        underLoad("PostgreSQL restart", database::stop, () -> {
            readinessDuringOutage.add(readinessStatus());
            database.restart();
        });
        assertEquals(List.of(503), readinessDuringOutage, "readiness is DOWN while PostgreSQL is down");
    }

    @Test
    void pgBouncerRestart() {
        PgBouncer pgBouncer = environment.pgBouncer().orElseThrow();
        underLoad("PgBouncer restart", pgBouncer::stop, pgBouncer::restart);
    }

    @Test
    void pgBouncerPauseAndResume() {
        PgBouncer pgBouncer = environment.pgBouncer().orElseThrow();
        underLoad("PgBouncer PAUSE/RESUME", () -> pgBouncer.console("PAUSE"), () -> pgBouncer.console("RESUME"));
    }

    @Test
    void applicationBackendsTerminated() {
        AtomicBoolean faulting = new AtomicBoolean();
        CompletableFuture<?>[] killer = new CompletableFuture<?>[1];
        underLoad("pg_terminate_backend of the application's connections", () -> {
            faulting.set(true);
            killer[0] = CompletableFuture.runAsync(() -> {
                while (faulting.get()) {
                    execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'bulwark'");
                    sleep(300);
                }
            });
        }, () -> {
            faulting.set(false);
            killer[0].join();
        });
    }

    @Test
    void moreConcurrentRequestsThanThePoolHolds() {
        List<DeliveryLoad.Outcome> burst = new ArrayList<>();
        CompletableFuture<?>[] running = new CompletableFuture<?>[1];
        List<DeliveryLoad.Outcome> outcomes = underLoad("150 concurrent senders over a pool of 20", () -> running[0] = CompletableFuture.runAsync(() -> burst.addAll(
                        load.send(baseUrl, DeliveryLoad.mix(UUID.randomUUID().toString().substring(0, 8), 1_500), 150))),
                () -> running[0].join());
        assertNoServerErrors(burst);
        LedgerAudit.assertNothingLostOrDoubled(burst);
        assertTrue(burst.stream().filter(DeliveryLoad.Outcome::acknowledged).count() > 0, "the pool still serves");
        LOG.info(() -> "burst of 150 senders over a pool of 20: " + DeliveryLoad.statusCounts(burst) + ", load: "
                + DeliveryLoad.statusCounts(outcomes));
    }

    @Test
    void rowLockHeldLongerThanTheQueryTimeout() {
        String account = "acc_locked_" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(200, load.send(baseUrl, new DeliveryLoad.Delivery("evt_" + account, Events.account("account.created",
                "evt_" + account, Instant.parse("2026-11-29T00:00:00Z"), account, "active", "EUR", "0.00"), Map.of())).status());
        Connection[] locker = new Connection[1];
        List<DeliveryLoad.Outcome> blocked = new ArrayList<>();
        CompletableFuture<?>[] senders = new CompletableFuture<?>[1];
        underLoad("row lock held past the query timeout", () -> {
            locker[0] = lockAccount(account);
            senders[0] = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 4; i++) {
                    String id = "evt_" + account + "_" + i;
                    blocked.add(load.send(baseUrl, new DeliveryLoad.Delivery(id, Events.account("account.updated", id,
                            Instant.parse("2026-11-29T01:00:00Z").plusSeconds(i), account, "active", "EUR", i + ".00"), Map.of())));
                }
            });
            sleep(FAULT.toMillis() + 4_000);
        }, () -> {
            closeQuietly(locker[0]);
            senders[0].join();
        });
        assertTrue(blocked.stream().anyMatch(outcome -> outcome.status() == 503),
                "a delivery blocked by the lock is answered 503: " + DeliveryLoad.statusCounts(blocked));
        assertNoServerErrors(blocked);
        LedgerAudit.assertNothingLostOrDoubled(blocked);
    }

    /**
     * Runs load, injects the fault, keeps it for {@link #FAULT}, clears it, then waits until a fresh delivery
     * is acknowledged; checks the recovery time and every answer of the load.
     */
    private List<DeliveryLoad.Outcome> underLoad(String fault, Runnable inject, Runnable clear) {
        AtomicBoolean stop = new AtomicBoolean();
        String run = UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<List<DeliveryLoad.Outcome>> running =
                CompletableFuture.supplyAsync(() -> load.sendUntil(baseUrl, run, SENDERS, stop));
        List<DeliveryLoad.Outcome> outcomes;
        Duration recovery;
        try {
            sleep(1_500);
            inject.run();
            sleep(FAULT.toMillis());
        } finally {
            clear.run();
            Instant cleared = Instant.now();
            recovery = awaitAcknowledgement(cleared);
            sleep(1_000);
            stop.set(true);
            outcomes = running.join();
        }
        Duration recoveryTime = recovery;
        LOG.info(() -> fault + ": answers " + DeliveryLoad.statusCounts(outcomes) + ", recovered " + recoveryTime.toMillis()
                + " ms after the fault cleared");
        assertTrue(recovery.compareTo(RECOVERY_LIMIT) <= 0, "recovered after " + recovery.toMillis() + " ms");
        assertNoServerErrors(outcomes);
        LedgerAudit.assertNothingLostOrDoubled(outcomes);
        return outcomes;
    }

    private Duration awaitAcknowledgement(Instant cleared) {
        String run = "probe_" + UUID.randomUUID().toString().substring(0, 8);
        int attempt = 0;
        while (Duration.between(cleared, Instant.now()).compareTo(Duration.ofSeconds(60)) < 0) {
            DeliveryLoad.Delivery probe = DeliveryLoad.mix(run + "_" + attempt++, 1).get(0);
            if (load.send(baseUrl, probe).acknowledged()) {
                return Duration.between(cleared, Instant.now());
            }
            sleep(200);
        }
        return Duration.ofSeconds(60);
    }

    private static void assertNoServerErrors(List<DeliveryLoad.Outcome> outcomes) {
        for (DeliveryLoad.Outcome outcome : outcomes) {
            assertTrue(Set.of(200, 202, 503).contains(outcome.status()),
                    "answered " + outcome.status() + ": " + outcome.body());
            if (outcome.status() == 503) {
                assertTrue(outcome.retryAfter() != null, "503 carries Retry-After");
                assertTrue(outcome.body().contains("\"status\":503"), outcome.body());
            }
        }
    }

    private int readinessStatus() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection lockAccount(String account) {
        try {
            Connection connection = database.superuserConnection();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT * FROM accounts WHERE external_id = '" + account + "' FOR UPDATE");
            }
            return connection;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql) {
        try (Connection connection = database.superuserConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.rollback();
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
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
