package io.bulwark.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DeliveryLoad;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.LedgerAudit;
import io.bulwark.testing.PrometheusSamples;
import io.bulwark.testing.RequiresPgBouncer;
import io.bulwark.testing.RowLock;
import io.bulwark.testing.TimedSenders;
import io.bulwark.testing.infra.TestCredentials;
import io.bulwark.testing.infra.TestEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One account's row held locked past the statement timeout (by a direct connection, as a long report would)
 * while 64 senders deliver for it and for many other accounts through group commit. The deliveries for the
 * locked account wait or are refused; the other accounts' deliveries, some of which share a group with a
 * locked one, keep being acknowledged, and the circuit breaker of {@code DeliveryCommits.commit} (every storing
 * transaction passes it) does not open:
 * one account's trouble does not become every sender's 503.
 */
@RequiresPgBouncer
@ExtendWith(ArquillianExtension.class)
class GroupFailureIsolationIT {

    private static final Logger LOG = Logger.getLogger(GroupFailureIsolationIT.class.getName());
    private static final int SENDERS = 64;
    /** Of the senders, how many deliver for the locked account; the others each for accounts of their own. */
    private static final int LOCKED_ACCOUNT_SENDERS = 4;
    private static final Duration QUERY_TIMEOUT = Duration.parse("PT" + TestEnvironment.QUERY_TIMEOUT.toUpperCase());
    /** Four statement timeouts: long enough that the locked account's deliveries run out of retries. */
    private static final Duration LOCK_HELD = QUERY_TIMEOUT.multipliedBy(4);
    private static final String CIRCUIT_OPENED = "ft_circuitbreaker_opened_total";
    private static final String RECEIVE = "method=\"io.bulwark.webhook.DeliveryCommits.commit\"";

    private final String baseUrl = "http://127.0.0.1:" + System.getProperty("bulwark.it.httpPort");
    private final DeliveryLoad load = new DeliveryLoad();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void aRowLockedPastTheQueryTimeoutDelaysOnlyItsOwnAccountAndLeavesTheCircuitClosed() throws InterruptedException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String lockedAccount = "acc_locked_" + run;
        assertEquals(200, load.send(baseUrl, accountUpdate("evt_" + lockedAccount, lockedAccount, Instant.parse("2026-11-29T00:00:00Z"),
                "account.created")).status(), "the account to lock exists");
        double openedBefore = circuitOpenedCount();

        TimedSenders senders = TimedSenders.start(baseUrl, SENDERS, 2_000, Duration.ofSeconds(90), Duration.ofMillis(5),
                (sender, n) -> sender < LOCKED_ACCOUNT_SENDERS
                        ? accountUpdate("evt_" + lockedAccount + "_" + sender + "_" + n, lockedAccount,
                                Instant.parse("2026-11-29T01:00:00Z").plusMillis(n * 10L + sender), "account.updated")
                        : DeliveryLoad.delivery(run + "s" + sender, n));
        List<TimedSenders.Sent> sent;
        Instant locked;
        Instant released;
        long mostWaiting = 0;
        long cancelledBefore = cancelledStatements();
        try {
            Thread.sleep(2_000);
            try (RowLock lock = RowLock.account(TestCredentials.STANDARD_SOURCE, lockedAccount)) {
                locked = Instant.now();
                while (Duration.between(locked, Instant.now()).compareTo(LOCK_HELD) < 0) {
                    mostWaiting = Math.max(mostWaiting, lock.waitingBackends());
                    Thread.sleep(200);
                }
            }
            released = Instant.now();
            Thread.sleep(3_000);
        } finally {
            sent = senders.stop();
        }
        long cancelled = cancelledStatements() - cancelledBefore;
        double openedAfter = circuitOpenedCount();

        List<TimedSenders.Sent> forLocked = sent.stream().filter(s -> s.sender() < LOCKED_ACCOUNT_SENDERS).toList();
        List<TimedSenders.Sent> forOthers = sent.stream().filter(s -> s.sender() >= LOCKED_ACCOUNT_SENDERS).toList();
        Instant lockedAt = locked;
        Instant releasedAt = released;
        List<TimedSenders.Sent> othersDuringLock = forOthers.stream().filter(s -> s.overlaps(lockedAt, releasedAt)).toList();
        List<TimedSenders.Sent> lockedDuringLock = forLocked.stream().filter(s -> s.overlaps(lockedAt, releasedAt)).toList();
        long lockedHeldUp = lockedDuringLock.stream()
                .filter(s -> s.outcome().status() == 503 || s.waited().compareTo(QUERY_TIMEOUT) >= 0).count();
        long mostWaitingBackends = mostWaiting;
        LOG.info(() -> "lock held " + Duration.between(lockedAt, releasedAt).toMillis() + " ms; at most " + mostWaitingBackends
                + " backends waiting on it; " + cancelled + " statements cancelled; locked account: " + statusCounts(forLocked)
                + " (" + lockedHeldUp + " of " + lockedDuringLock.size() + " in flight during the lock waited >= "
                + QUERY_TIMEOUT.toMillis() + " ms or got 503); other accounts: " + statusCounts(forOthers) + " ("
                + othersDuringLock.size() + " in flight during the lock, " + statusCounts(othersDuringLock)
                + "); circuit opened " + openedBefore + " -> " + openedAfter);

        assertTrue(mostWaiting > 0, "the application's statements waited on the locked row (pg_blocking_pids)");
        assertTrue(lockedHeldUp > 0, "the locked account's deliveries were held up by the lock (waited at least the query timeout, "
                + "or 503): " + statusCounts(lockedDuringLock));
        assertTrue(othersDuringLock.stream().anyMatch(s -> s.outcome().status() == 200),
                "other accounts' deliveries were acknowledged while the row was locked: " + statusCounts(othersDuringLock));
        assertEquals(Map.of(200, (long) forOthers.size()), DeliveryLoad.statusCounts(TimedSenders.outcomes(forOthers)),
                "every delivery for another account is answered 200, during the lock too");
        assertEquals(openedBefore, openedAfter, "the circuit breaker of DeliveryCommits.commit never opened ("
                + CIRCUIT_OPENED + "{" + RECEIVE + "})");
        LedgerAudit.assertNothingLostOrDoubled(TimedSenders.outcomes(sent));
    }

    private static DeliveryLoad.Delivery accountUpdate(String eventId, String account, Instant at, String type) {
        return new DeliveryLoad.Delivery(eventId, Events.account(type, eventId, at, account, "active", "EUR",
                at.toEpochMilli() % 100_000 + ".00"), Map.of());
    }

    /** The opened counter of the deliveries' circuit breaker; fails when /metrics does not show it at all. */
    private double circuitOpenedCount() {
        String metrics = get("/metrics");
        boolean present = Pattern.compile("(?m)^" + CIRCUIT_OPENED + "\\{[^}]*" + Pattern.quote(RECEIVE)).matcher(metrics).find();
        assertTrue(present, "/metrics shows " + CIRCUIT_OPENED + "{" + RECEIVE + "}; its ft_circuitbreaker lines: "
                + metrics.lines().filter(line -> line.startsWith("ft_circuitbreaker")).collect(Collectors.joining("\n")));
        return PrometheusSamples.value(metrics, CIRCUIT_OPENED, RECEIVE);
    }

    /** Statements PostgreSQL cancelled (the query timeout's cancel request), as its log counts them. */
    private static long cancelledStatements() {
        return TestEnvironment.get().database().logLinesContaining("canceling statement due to user request");
    }

    private static Map<Integer, Long> statusCounts(List<TimedSenders.Sent> sent) {
        return DeliveryLoad.statusCounts(TimedSenders.outcomes(sent));
    }

    private String get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), path);
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
