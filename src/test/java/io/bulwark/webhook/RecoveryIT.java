package io.bulwark.webhook;

import static io.bulwark.testing.WebhookClient.array;
import static io.bulwark.testing.WebhookClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.TestEnvironment;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The background recovery of FAILED events, on the managed server (recovery every second, a 60 s base delay,
 * a 2 s query timeout; see {@code TestEnvironment}). Every next attempt is set on the database's clock, and an
 * attempt that a transient failure ends (here: the event's account row held locked past the query timeout)
 * counts as an attempt and is backed off, instead of being retried every run.
 */
@ExtendWith(ArquillianExtension.class)
class RecoveryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final WebhookClient client = new WebhookClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void aRecoveryEndedByALockTimeoutCountsAsAnAttemptAndIsBackedOff() throws SQLException {
        String account = "acc_recovery_" + run;
        Instant start = Instant.parse("2026-11-29T10:00:00Z");
        assertEquals(200, client.sendStandard("evt_acc_" + run,
                Events.account("account.created", "evt_acc_" + run, start, account, "active", "EUR", "0.00")).statusCode());
        HttpResponse<String> refused = client.sendStandard("evt_usd_" + run, Events.transaction("transaction.created", "evt_usd_" + run,
                start.plusSeconds(10), "tx_usd_" + run, account, "12.34", "USD", "booked"));
        assertEquals(202, refused.statusCode(), refused.body());
        String webhookId = object(refused).getString("webhookId");

        List<String> stored = event(webhookId, "attempts", "extract(epoch FROM next_attempt_at - received_at)");
        assertEquals("1", stored.get(0));
        double firstDelay = Double.parseDouble(stored.get(1));
        assertTrue(firstDelay >= 60 && firstDelay <= 72,
                "the first retry is due the base delay (60 s plus jitter) after the insert's now(): " + firstDelay + " s");

        assertEquals(200, client.sendStandard("evt_acc_usd_" + run, Events.account("account.updated", "evt_acc_usd_" + run,
                start.plusSeconds(20), account, "active", "USD", "0.00")).statusCode(), "the ledger would now accept the event");
        try (Connection locker = lockAccount(account)) {
            makeDue(webhookId);

            int lockerPid = backendPid(locker);
            await("the recovery worker waits for the account's row lock",
                    () -> DatabaseQueries.count("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))",
                            lockerPid) > 0);
            await("the attempt the query timeout ended is recorded",
                    () -> "2".equals(DatabaseQueries.value("SELECT attempts FROM webhook_events WHERE id = CAST(? AS uuid)", webhookId)));

            List<String> afterFault = event(webhookId, "status", "last_error", "extract(epoch FROM next_attempt_at - now())");
            assertEquals("FAILED", afterFault.get(0));
            assertTrue(afterFault.get(1).contains("57014"), "cancelled by the query timeout: " + afterFault.get(1));
            double dueInSeconds = Double.parseDouble(afterFault.get(2));
            assertTrue(dueInSeconds > 100 && dueInSeconds <= 144,
                    "backed off by the second delay (120 s plus jitter) from the database's clock: due in " + dueInSeconds + " s");
            locker.rollback();
        }

        makeDue(webhookId);
        await("recovered once the lock is gone",
                () -> "PROCESSED".equals(DatabaseQueries.value("SELECT status FROM webhook_events WHERE id = CAST(? AS uuid)", webhookId)));

        assertEquals(Arrays.asList("3", null, null), event(webhookId, "attempts", "last_error", "next_attempt_at"),
                "one attempt stored, one ended by the lock, one recovered; nothing left to try");
        assertEquals("12.34", array(client.admin("GET", "/api/accounts/" + account + "/transactions")).getJsonObject(0).getString("amount"));
    }

    private static List<String> event(String webhookId, String... columns) {
        List<List<String>> rows = DatabaseQueries.rows("SELECT " + String.join(", ", columns) + " FROM webhook_events WHERE id = CAST(? AS uuid)",
                webhookId);
        assertEquals(1, rows.size(), "event " + webhookId + " is stored");
        return rows.get(0);
    }

    private static void makeDue(String webhookId) {
        assertEquals(1, DatabaseQueries.count("WITH due AS (UPDATE webhook_events SET next_attempt_at = now() "
                + "WHERE id = CAST(? AS uuid) AND status = 'FAILED' RETURNING 1) SELECT count(*) FROM due", webhookId));
    }

    /** A direct connection holding the account's row locked, as a long transaction elsewhere would. */
    private static Connection lockAccount(String account) throws SQLException {
        Connection connection = TestEnvironment.get().database().superuserConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
             ResultSet locked = statement.executeQuery("SELECT 1 FROM accounts WHERE external_id = '" + account + "' FOR UPDATE")) {
            assertTrue(locked.next(), "the account exists");
        }
        return connection;
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
            pid.next();
            return pid.getInt(1);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
