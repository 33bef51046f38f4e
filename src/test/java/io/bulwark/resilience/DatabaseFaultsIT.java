package io.bulwark.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.DeliveryLoad;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.LedgerAudit;
import io.bulwark.testing.MetricsScrape;
import io.bulwark.testing.PeakSampler;
import io.bulwark.testing.PrometheusSamples;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real faults under load, through PgBouncer in transaction mode. For each: no acknowledged delivery is lost
 * and none is applied twice; nothing is half-stored; a sender meets 503 with Retry-After while the fault
 * lasts, never a 500; and deliveries are acknowledged again within 10 seconds after the fault clears. Each
 * test also shows that its fault took hold, so that none passes for a fault that never happened.
 */
@RequiresPgBouncer
@ExtendWith(ArquillianExtension.class)
class DatabaseFaultsIT {

    private static final Logger LOG = Logger.getLogger(DatabaseFaultsIT.class.getName());
    private static final int SENDERS = 8;
    private static final Duration FAULT = Duration.ofSeconds(4);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(10);
    private static final int POOL_MAX = 20;
    private static final String CANCELLED = "canceling statement due to";

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
        String startedBefore = DatabaseQueries.value("SELECT pg_postmaster_start_time()::text");
        double transientFailuresBefore = transientFailures();
        List<Integer> readinessDuringOutage = new ArrayList<>();
        List<Boolean> reachableDuringOutage = new ArrayList<>();
        underLoad("PostgreSQL restart", database::stop, () -> {
            readinessDuringOutage.add(readinessStatus());
            reachableDuringOutage.add(accepts(database::superuserConnection));
            database.restart();
        });
        assertEquals(List.of(false), reachableDuringOutage, "PostgreSQL refused connections while stopped");
        assertNotEquals(startedBefore, DatabaseQueries.value("SELECT pg_postmaster_start_time()::text"), "PostgreSQL was started again");
        assertEquals(List.of(200), readinessDuringOutage, "readiness stays UP while PostgreSQL is down: the database is every "
                + "replica's, and the replica answers 503 with Retry-After itself");
        assertApplicationMetTheOutage(transientFailuresBefore);
    }

    @Test
    void pgBouncerRestart() {
        PgBouncer pgBouncer = environment.pgBouncer().orElseThrow();
        double transientFailuresBefore = transientFailures();
        List<Boolean> reachableDuringOutage = new ArrayList<>();
        underLoad("PgBouncer restart", pgBouncer::stop, () -> {
            reachableDuringOutage.add(accepts(pgBouncer::connection));
            pgBouncer.restart();
        });
        assertEquals(List.of(false), reachableDuringOutage, "PgBouncer refused connections while stopped");
        assertApplicationMetTheOutage(transientFailuresBefore);
    }

    /**
     * While PgBouncer is paused nothing reaches PostgreSQL: the application's queries wait in PgBouncer, and a
     * delivery sent during the pause is answered only after the RESUME, or refused with 503.
     */
    @Test
    void pgBouncerPauseAndResume() {
        PgBouncer pgBouncer = environment.pgBouncer().orElseThrow();
        DeliveryLoad.Delivery probe = DeliveryLoad.delivery("paused_" + UUID.randomUUID().toString().substring(0, 8), 0);
        PeakSampler[] waiting = new PeakSampler[1];
        AtomicReference<CompletableFuture<DeliveryLoad.Outcome>> sentDuringPause = new AtomicReference<>();
        Instant[] answered = new Instant[1];
        Instant[] resumed = new Instant[1];
        try {
            underLoad("PgBouncer PAUSE/RESUME", () -> {
                pgBouncer.console("PAUSE");
                waiting[0] = PeakSampler.start(() -> waitingClients(pgBouncer));
                sentDuringPause.set(CompletableFuture.supplyAsync(() -> {
                    DeliveryLoad.Outcome outcome = load.send(baseUrl, probe);
                    answered[0] = Instant.now();
                    return outcome;
                }));
            }, () -> {
                resumed[0] = Instant.now();
                pgBouncer.console("RESUME");
            });
        } finally {
            closeAll(waiting);
        }
        assertTrue(waiting[0].peak() > 0, "the application's queries waited in the paused PgBouncer");
        DeliveryLoad.Outcome outcome = sentDuringPause.get().join();
        assertTrue(outcome.status() == 503 || !answered[0].isBefore(resumed[0]),
                "a delivery sent during the pause was answered " + outcome.status() + " " + Duration.between(answered[0], resumed[0]).toMillis()
                        + " ms before the RESUME");
        assertNoServerErrors(List.of(outcome));
        LedgerAudit.assertNothingLostOrDoubled(List.of(outcome));
    }

    @Test
    void applicationBackendsTerminated() {
        AtomicBoolean faulting = new AtomicBoolean();
        AtomicLong terminated = new AtomicLong();
        CompletableFuture<?>[] killer = new CompletableFuture<?>[1];
        double transientFailuresBefore = transientFailures();
        double secondAttemptsBefore = secondAttempts();
        underLoad("pg_terminate_backend of the application's connections", () -> {
            faulting.set(true);
            killer[0] = CompletableFuture.runAsync(() -> {
                while (faulting.get()) {
                    terminated.addAndGet(DatabaseQueries.count("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) AS terminated "
                            + "FROM pg_stat_activity WHERE usename = 'bulwark') AS attempt WHERE terminated"));
                    sleep(300);
                }
            });
        }, () -> {
            faulting.set(false);
            killer[0].join();
        });
        LOG.info(() -> terminated.get() + " backends terminated");
        assertTrue(terminated.get() > 0, "pg_terminate_backend ended backends of the application");
        assertTrue(transientFailures() > transientFailuresBefore, "the application met lost connections (transient failures on /metrics)");
        assertTrue(secondAttempts() > secondAttemptsBefore, "and tried the deliveries again (retries, or groups whose members "
                + "were committed alone, on /metrics)");
    }

    /** More deliveries in the server at once than the pool has connections: the pool must still serve them all. */
    @Test
    void moreConcurrentRequestsThanThePoolHolds() {
        List<DeliveryLoad.Outcome> burst = new ArrayList<>();
        CompletableFuture<?>[] running = new CompletableFuture<?>[1];
        PeakSampler[] concurrent = new PeakSampler[1];
        List<DeliveryLoad.Outcome> outcomes;
        try {
            outcomes = underLoad("150 concurrent senders over a pool of 20", () -> {
                concurrent[0] = PeakSampler.start(() -> (long) MetricsScrape.value(baseUrl, "webhook_deliveries_in_flight", "mp_scope"));
                running[0] = CompletableFuture.runAsync(() -> burst.addAll(
                        load.send(baseUrl, DeliveryLoad.mix(UUID.randomUUID().toString().substring(0, 8), 1_500), 150)));
            }, () -> running[0].join());
        } finally {
            closeAll(concurrent);
        }
        long peak = concurrent[0].peak();
        assertTrue(peak > POOL_MAX, "at most " + peak + " deliveries were in the server at once, not more than the pool's "
                + POOL_MAX + " connections");
        assertNoServerErrors(burst);
        LedgerAudit.assertNothingLostOrDoubled(burst);
        assertTrue(burst.stream().filter(DeliveryLoad.Outcome::acknowledged).count() > 0, "the pool still serves");
        LOG.info(() -> "burst of 150 senders over a pool of 20: " + DeliveryLoad.statusCounts(burst) + ", " + peak
                + " in the server at once; load: " + DeliveryLoad.statusCounts(outcomes));
    }

    @Test
    void rowLockHeldLongerThanTheQueryTimeout() {
        String account = "acc_locked_" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(200, load.send(baseUrl, new DeliveryLoad.Delivery("evt_" + account, Events.account("account.created",
                "evt_" + account, Instant.parse("2026-11-29T00:00:00Z"), account, "active", "EUR", "0.00"), Map.of())).status());
        Connection[] locker = new Connection[1];
        List<DeliveryLoad.Outcome> blocked = new ArrayList<>();
        CompletableFuture<?>[] senders = new CompletableFuture<?>[1];
        PeakSampler[] waitingOnTheLock = new PeakSampler[1];
        long cancelledBefore = database.logLinesContaining(CANCELLED);
        try {
            underLoad("row lock held past the query timeout", () -> {
                locker[0] = lockAccount(account);
                waitingOnTheLock[0] = PeakSampler.start(() -> DatabaseQueries.count(
                        "SELECT count(*) FROM pg_stat_activity WHERE usename = 'bulwark' AND wait_event_type = 'Lock'"));
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
        } finally {
            closeAll(waitingOnTheLock);
        }
        assertTrue(waitingOnTheLock[0].peak() > 0, "the application's statements waited on the held lock");
        assertTrue(database.logLinesContaining(CANCELLED) > cancelledBefore, "PostgreSQL cancelled the blocked statements at the query timeout");
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

    /** The recovery worker reaches for the database every second, so an outage of seconds always shows on /metrics. */
    private void assertApplicationMetTheOutage(double transientFailuresBefore) {
        assertTrue(transientFailures() > transientFailuresBefore, "the application's database operations failed transiently (/metrics)");
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

    private interface Connect {
        Connection open() throws SQLException;
    }

    /** Stops the samplers that were started; the fault may have failed before some were. */
    private static void closeAll(PeakSampler[] samplers) {
        for (PeakSampler sampler : samplers) {
            if (sampler != null) {
                sampler.close();
            }
        }
    }

    private static boolean accepts(Connect connect) {
        try (Connection connection = connect.open()) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Clients of the application's database waiting in PgBouncer for a server connection ({@code cl_waiting}). */
    private static long waitingClients(PgBouncer pgBouncer) {
        return pgBouncer.consoleRows("SHOW POOLS").stream()
                .filter(pool -> EmbeddedDatabase.DATABASE.equals(pool.get("database")))
                .mapToLong(pool -> Long.parseLong(pool.get("cl_waiting")))
                .sum();
    }

    private double transientFailures() {
        return MetricsScrape.value(baseUrl, "database_operation_failures_total", "transient=\"true\"");
    }

    /**
     * Second attempts at deliveries: retries of a lone commit, and groups rolled back whose members were each
     * committed alone (a transient failure's first way on).
     */
    private double secondAttempts() {
        return MetricsScrape.value(baseUrl, "database_retries_total", PrometheusSamples.APPLICATION)
                + MetricsScrape.value(baseUrl, "webhook_group_split_total", PrometheusSamples.APPLICATION);
    }

    private Connection lockAccount(String account) {
        try {
            Connection connection = database.superuserConnection();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT * FROM accounts WHERE ledger = 'acme' AND external_id = '" + account + "' FOR UPDATE");
            }
            return connection;
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
