package io.bulwark.webhook.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.Events;
import io.bulwark.testing.RequiresPgBouncer;
import io.bulwark.testing.WebhookClient;
import io.bulwark.testing.infra.EmbeddedDatabase;
import io.bulwark.testing.infra.LibertyServer;
import io.bulwark.testing.infra.PgBouncer;
import io.bulwark.testing.infra.TestEnvironment;
import io.bulwark.webhook.EventIds;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention through the real servers, PostgreSQL and PgBouncer: beside the server Arquillian manages (which keeps
 * everything), a replica configured as an operator would, with {@code WEBHOOK_RETENTION=P30D} and maintenance
 * every second instead of every hour. Days past retention are made by writing straight into the database, as
 * version 3 left them (events and their keys), in partitions of their own.
 */
@RequiresPgBouncer
@ExtendWith(ArquillianExtension.class)
class RetentionIT {

    private static final String REPLICA = "itret-retention";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static LibertyServer replica;

    private final WebhookClient client = new WebhookClient();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @BeforeAll
    static void startAReplicaThatKeepsThirtyDays() {
        replica = LibertyServer.start(REPLICA, TestEnvironment.get().pgBouncer().map(PgBouncer::port).orElseThrow(), Map.of(
                "WEBHOOK_RETENTION", "P30D",
                "WEBHOOK_PARTITIONS_MAINTENANCE_INTERVAL", "PT1S"));
    }

    @AfterAll
    static void stopTheReplica() {
        if (replica != null) {
            replica.close();
        }
    }

    @Test
    void aDayPastRetentionIsDroppedWithItsKeysAndOldAlertsAndItsDeliveriesAreNewAgain() {
        PartitionDay day = PartitionDay.containing(databaseNow()).plusDays(-40);
        String deliveryId = "evt_expired_" + run;
        UUID old = UUID.randomUUID();
        withinOneTransaction(statement -> {
            createPartition(statement, day);
            storeEvent(statement, old, deliveryId, "PROCESSED", day.from().plusSeconds(3600), "{\"type\": \"ping\"}");
            statement.execute("INSERT INTO alerts (id, severity, title, webhook_id, created_at) VALUES "
                    + "('" + UUID.randomUUID() + "', 'WARNING', 'old " + run + "', '" + old + "', '" + day.from() + "'), "
                    + "('" + UUID.randomUUID() + "', 'WARNING', 'recent " + run + "', '" + old + "', now() - interval '29 days')");
            for (String age : List.of("old", "recent")) {
                String at = age.equals("old") ? "'" + day.from() + "'" : "now() - interval '29 days'";
                UUID job = UUID.randomUUID();
                statement.execute("INSERT INTO replay_jobs (id, state, include_ignored, created_by, created_at, finished_at) VALUES ('"
                        + job + "', 'DONE', false, '" + age + " " + run + "', " + at + ", " + at + ")");
                statement.execute("INSERT INTO replay_job_events (job_id, seq, webhook_id, outcome) VALUES ('" + job + "', 1, '" + old
                        + "', 'PROCESSED')");
                statement.execute("INSERT INTO webhook_replays (id, webhook_id, job_id, replayed_at, replayed_by, replica, outcome) VALUES ('"
                        + UUID.randomUUID() + "', '" + old + "', '" + job + "', " + at + ", '" + age + " " + run + "', 'test', 'PROCESSED')");
            }
        });

        await("the day past retention is dropped", () -> !partitionExists(day) && !tableExists(day.expiredTableName()));
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM webhook_event_keys WHERE delivery_id = ?", deliveryId),
                "its deduplication keys are gone with it");
        assertEquals(List.of(List.of("recent " + run)), DatabaseQueries.rows("SELECT title FROM alerts WHERE title LIKE ?", "% " + run),
                "alerts older than the retention are purged, younger ones kept, whichever event they name");
        await("the replay records past retention are purged", () -> DatabaseQueries.count(
                "SELECT count(*) FROM replay_jobs WHERE created_by = ?", "old " + run) == 0);
        assertEquals(List.of(List.of("recent " + run)), DatabaseQueries.rows("SELECT replayed_by FROM webhook_replays WHERE replayed_by LIKE ?",
                "% " + run), "the replay audit past retention is purged with it");
        assertEquals(List.of(List.of("recent " + run)), DatabaseQueries.rows("SELECT created_by FROM replay_jobs WHERE created_by LIKE ?",
                "% " + run), "bulk replay jobs that ended past retention are purged");
        assertEquals(1, DatabaseQueries.count("SELECT count(*) FROM replay_job_events e JOIN replay_jobs j ON j.id = e.job_id "
                + "WHERE j.created_by LIKE ?", "% " + run), "with their work lists");

        JsonObject receipt = WebhookClient.object(client.sendStandard(deliveryId, account("evt_expired_" + run)));
        assertEquals(false, receipt.getBoolean("duplicate"), "a delivery past retention is new again: " + receipt);
        assertEquals(List.of(List.of(receipt.getString("webhookId"), "PROCESSED")), DatabaseQueries.rows(
                "SELECT id::text, status FROM webhook_events WHERE delivery_id = ?", deliveryId));
    }

    @Test
    void aDayPastRetentionHoldingAFailedEventIsKeptWithOneAlertUntilTheEventIsReplayed() {
        PartitionDay day = PartitionDay.containing(databaseNow()).plusDays(-41);
        // The FAILED event's id carries its receipt time, as every id Bulwark draws does; the other one's is
        // random, as ids stored before partitioning are: both must be found by id alone.
        UUID failed = EventIds.receivedAt(day.from().plusSeconds(60));
        UUID legacy = UUID.randomUUID();
        withinOneTransaction(statement -> {
            createPartition(statement, day);
            storeEvent(statement, failed, "evt_failed_" + run, "FAILED", day.from().plusSeconds(60), account("evt_failed_" + run));
            storeEvent(statement, legacy, "evt_done_" + run, "PROCESSED", day.from().plusSeconds(120), "{\"type\": \"ping\"}");
        });
        String title = "Webhook partition " + day.tableName() + " is past retention but kept: it holds unresolved events";

        await("an alert names the kept partition", () -> DatabaseQueries.count("SELECT count(*) FROM alerts WHERE title = ?", title) > 0);
        pause(Duration.ofSeconds(3));
        assertTrue(partitionExists(day), "a day holding a FAILED event is kept past retention");
        assertEquals(1, DatabaseQueries.count("SELECT count(*) FROM alerts WHERE title = ?", title), "the alert is raised once, not every run");
        assertEquals(1, WebhookClient.array(client.admin("GET", "/api/alerts?acknowledged=false&limit=1000")).getValuesAs(JsonObject.class)
                .stream().filter(alert -> title.equals(alert.getString("title"))).count(), "operators see it among the open alerts");
        assertEquals(2, DatabaseQueries.count("SELECT count(*) FROM webhook_event_keys WHERE delivery_id IN (?, ?)",
                "evt_failed_" + run, "evt_done_" + run), "its events are still duplicates when redelivered");

        HttpResponse<String> legacyRead = client.admin("GET", "/api/webhooks/" + legacy);
        assertEquals(200, legacyRead.statusCode(), legacyRead.body());
        assertEquals("evt_done_" + run, WebhookClient.object(legacyRead).getString("deliveryId"));

        HttpResponse<String> replay = client.admin("POST", "/api/webhooks/" + failed + "/replay");
        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals("PROCESSED", WebhookClient.object(replay).getString("status"));

        await("the day is dropped once nothing in it is unresolved", () -> !partitionExists(day) && !tableExists(day.expiredTableName()));
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE delivery_id IN (?, ?)",
                "evt_failed_" + run, "evt_done_" + run));
    }

    @Test
    void aRedeliveryOfAnEventKeptOnAnyDayIsADuplicateAndStoresNothing() {
        PartitionDay day = PartitionDay.containing(databaseNow()).plusDays(-10);
        String kept = "evt_kept_" + run;
        UUID original = UUID.randomUUID();
        withinOneTransaction(statement -> {
            if (!partitionExists(day)) {
                createPartition(statement, day);
            }
            storeEvent(statement, original, kept, "PROCESSED", day.from().plusSeconds(7200), account(kept));
        });

        JsonObject again = WebhookClient.object(client.sendStandard(kept, account(kept)));
        assertEquals(true, again.getBoolean("duplicate"), again.toString());
        assertEquals(original.toString(), again.getString("webhookId"), "the answer names the event stored ten days ago");

        String today = "evt_today_" + run;
        JsonObject first = WebhookClient.object(client.sendStandard(today, account(today)));
        JsonObject second = WebhookClient.object(client.sendStandard(today, account(today)));
        assertEquals(List.of(false, true), List.of(first.getBoolean("duplicate"), second.getBoolean("duplicate")));
        assertEquals(first.getString("webhookId"), second.getString("webhookId"));
        assertEquals(2, DatabaseQueries.count("SELECT count(*) FROM webhook_events WHERE delivery_id IN (?, ?)", kept, today),
                "one row for each delivery, however often it came");
    }

    @Test
    void rowsThatLandedInTheDefaultPartitionAreMovedToTheirDayWithAnAlert() {
        PartitionDay day = PartitionDay.containing(databaseNow()).plusDays(-20);
        assertTrue(!partitionExists(day), "no partition for " + day.tableName() + " yet");
        String deliveryId = "evt_default_" + run;
        UUID event = UUID.randomUUID();
        withinOneTransaction(statement -> {
            storeEvent(statement, event, deliveryId, "PROCESSED", day.from().plusSeconds(60), account(deliveryId));
            try (var where = statement.executeQuery("SELECT tableoid::regclass::text FROM webhook_events WHERE id = '" + event + "'")) {
                where.next();
                assertEquals("webhook_events_default", where.getString(1), "no daily partition took it");
            }
        });

        await("the row is moved to its day", () -> partitionExists(day));
        assertEquals(List.of(List.of(day.tableName())), DatabaseQueries.rows(
                "SELECT tableoid::regclass::text FROM webhook_events WHERE id = ?", event));
        assertEquals(0, DatabaseQueries.count("SELECT count(*) FROM webhook_events_default"));
        assertEquals(1, DatabaseQueries.count("SELECT count(*) FROM alerts WHERE title = ?",
                "Webhook events were stored in the default partition; moved to " + day.tableName()));
        JsonObject again = WebhookClient.object(client.sendStandard(deliveryId, account(deliveryId)));
        assertEquals(event.toString(), again.getString("webhookId"), "still a duplicate after the move: " + again);
    }

    @Test
    void aDayDetachedButNotYetDroppedWhenTheServerStoppedIsDroppedLater() {
        PartitionDay day = PartitionDay.containing(databaseNow()).plusDays(-50);
        withinOneTransaction(statement -> {
            statement.execute("CREATE TABLE " + day.expiredTableName() + " (LIKE webhook_events)");
            statement.execute("ALTER TABLE " + day.expiredTableName() + " OWNER TO " + EmbeddedDatabase.USER);
        });
        await("the detached day is dropped", () -> !tableExists(day.expiredTableName()));
    }

    @Test
    void todayAndTheWeekAheadHaveTheirPartitions() {
        PartitionDay today = PartitionDay.containing(databaseNow());
        for (int ahead = 0; ahead <= 7; ahead++) {
            assertTrue(partitionExists(today.plusDays(ahead)), today.plusDays(ahead).tableName());
        }
    }

    private String account(String eventId) {
        return Events.account("account.created", eventId, Instant.parse("2026-11-01T10:00:00Z"), "acc_ret_" + eventId, "active", "EUR", "0.00");
    }

    private static Instant databaseNow() {
        return OffsetDateTime.parse(DatabaseQueries.value("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"))
                .toInstant();
    }

    private static boolean partitionExists(PartitionDay day) {
        return tableExists(day.tableName());
    }

    private static boolean tableExists(String table) {
        return DatabaseQueries.value("SELECT to_regclass(?)::text", table) != null;
    }

    /** A partition as the application would make it, owned by the application's user so that it may drop it. */
    private static void createPartition(Statement statement, PartitionDay day) throws SQLException {
        statement.execute("CREATE TABLE " + day.tableName() + " PARTITION OF webhook_events " + day.boundsClause());
        statement.execute("ALTER TABLE " + day.tableName() + " OWNER TO " + EmbeddedDatabase.USER);
    }

    /** An event and its deduplication keys, as the application stores them, received at {@code receivedAt}. */
    private static void storeEvent(Statement statement, UUID id, String deliveryId, String status, Instant receivedAt, String payload)
            throws SQLException {
        Connection connection = statement.getConnection();
        try (PreparedStatement event = connection.prepareStatement("INSERT INTO webhook_events (id, source, ledger, delivery_id, "
                + "event_type, payload, status, attempts, received_at, processed_at) VALUES (?, 'acme', 'acme', ?, 'account.created', "
                + "CAST(? AS jsonb), ?, 1, ?, CASE WHEN ? = 'PROCESSED' THEN ? END)");
             PreparedStatement keys = connection.prepareStatement("INSERT INTO webhook_event_keys (source, delivery_id, event_id, "
                     + "received_at) VALUES ('acme', ?, ?, ?)")) {
            OffsetDateTime at = OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC);
            event.setObject(1, id);
            event.setString(2, deliveryId);
            event.setString(3, payload);
            event.setString(4, status);
            event.setObject(5, at);
            event.setString(6, status);
            event.setObject(7, at);
            event.executeUpdate();
            keys.setString(1, deliveryId);
            keys.setObject(2, id);
            keys.setObject(3, at);
            keys.executeUpdate();
        }
    }

    private interface SqlWork {
        void run(Statement statement) throws SQLException;
    }

    private static void withinOneTransaction(SqlWork work) {
        try (Connection connection = TestEnvironment.get().database().superuserConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            work.run(statement);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + PATIENCE.toSeconds() + " s");
            }
            pause(Duration.ofMillis(250));
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
