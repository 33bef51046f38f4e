package io.bulwark.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.DeliveryLoad;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.LedgerAudit;
import io.bulwark.testing.AdminRequests;
import io.bulwark.testing.DatabaseQueries;
import io.bulwark.testing.RequiresPgBouncer;
import io.bulwark.testing.WebhookClient;
import jakarta.json.JsonObject;
import io.bulwark.testing.infra.EmbeddedDatabase;
import io.bulwark.testing.infra.LibertyServer;
import io.bulwark.testing.infra.PgBouncer;
import io.bulwark.testing.infra.TestEnvironment;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The failure Bulwark exists to prevent, under load through a real PgBouncer in transaction mode: 5,000
 * signed deliveries from 64 concurrent senders. PostgreSQL's own log is the witness: it records every
 * {@code prepared statement "S_n" already exists / does not exist} and {@code bind message supplies ...}
 * it answers, whether or not the application's retries hid it from the senders.
 */
@RequiresPgBouncer
@ExtendWith(ArquillianExtension.class)
class PreparedStatementStressIT {

    private static final Logger LOG = Logger.getLogger(PreparedStatementStressIT.class.getName());
    private static final int DELIVERIES = 5_000;
    private static final int SENDERS = 64;
    /** {@code webhook.group.max-size}: no transaction stores more deliveries than this. */
    private static final int GROUP_MAX_SIZE = 64;

    private final DeliveryLoad load = new DeliveryLoad();
    private final AdminRequests admin = new AdminRequests();
    private final TestEnvironment environment = TestEnvironment.get();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Test
    void stressThroughTheTransactionPoolerHasNoErrorAndLosesNothing() {
        long before = preparedStatementErrors();
        long transactionsBefore = pooledTransactions();

        List<DeliveryLoad.Outcome> outcomes = stress("http://localhost:" + System.getProperty("bulwark.it.httpPort"));

        assertTrue(pooledTransactions() - transactionsBefore >= DELIVERIES / GROUP_MAX_SIZE,
                "PgBouncer carried the deliveries' transactions: " + (pooledTransactions() - transactionsBefore));
        assertEquals(Map.of(200, (long) DELIVERIES), DeliveryLoad.statusCounts(outcomes), "every delivery answered 200");
        assertEquals(0, preparedStatementErrors() - before, "prepared-statement errors in PostgreSQL's log");
        assertEquals(DELIVERIES / 10, outcomes.stream().filter(o -> o.body().contains("\"duplicate\":true")).count(),
                "every repeated delivery recognised as a duplicate");
        LedgerAudit.assertNothingLostOrDoubled(outcomes);
    }

    @Test
    void preparedStatementsOnThroughThePoolerProduceTheFailure() {
        int pooler = environment.pgBouncer().map(PgBouncer::port).orElseThrow();
        long before = preparedStatementErrors();
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);

        try (LibertyServer naive = LibertyServer.start("bulwark-naive", pooler, Map.of("DB_PREPARED_STATEMENTS", "on"))) {
            List<DeliveryLoad.Outcome> outcomes = stress(naive.baseUrl());
            LOG.info(() -> "prepared statements on, through PgBouncer: " + DeliveryLoad.statusCounts(outcomes));

            assertTrue(preparedStatementErrors() - before > 0,
                    "the harness sees prepared-statement errors when the datasource prepares on the server behind the pooler");
            JsonObject report = WebhookClient.object(admin.get(naive.baseUrl() + "/api/database/health?detailed=true"));
            assertTrue(report.getJsonNumber("preparedStatementConflicts").longValue() > 0, "the monitor counted the conflicts");
            assertTrue(report.getJsonArray("issues").toString().contains("prepared statements are on while the server is behind a transaction pooler"),
                    report.toString());
            assertTrue(!"healthy".equals(report.getString("status")), report.getString("status"));
            assertTrue(DatabaseQueries.count("SELECT count(*) FROM alerts WHERE error_class = 'PreparedStatementConflict' AND created_at >= ?",
                    started) > 0, "the first conflict raised an alert");
        }
    }

    @Test
    void preparedStatementsOnDirectToPostgresHaveNoError() {
        long before = preparedStatementErrors();
        List<DeliveryLoad.Outcome> outcomes;

        try (LibertyServer direct = LibertyServer.start("bulwark-direct", environment.database().port(),
                Map.of("DB_PREPARED_STATEMENTS", "on"))) {
            JsonObject settings = WebhookClient.object(admin.get(direct.baseUrl() + "/api/database/health?detailed=true"))
                    .getJsonObject("settings");
            assertEquals("on", settings.getString("preparedStatements"), "the server prepares statements on PostgreSQL: " + settings);
            assertTrue(settings.getInt("prepareThreshold") > 0, settings.toString());
            outcomes = stress(direct.baseUrl());
        }

        assertEquals(Map.of(200, (long) DELIVERIES), DeliveryLoad.statusCounts(outcomes));
        assertEquals(0, preparedStatementErrors() - before, "prepared-statement errors in PostgreSQL's log");
        LedgerAudit.assertNothingLostOrDoubled(outcomes);
    }

    private List<DeliveryLoad.Outcome> stress(String baseUrl) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long started = System.nanoTime();
        List<DeliveryLoad.Outcome> outcomes = load.send(baseUrl, DeliveryLoad.mix(run, DELIVERIES), SENDERS);
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info(() -> DELIVERIES + " deliveries from " + SENDERS + " senders to " + baseUrl + " in " + millis + " ms");
        return outcomes;
    }

    /** Transactions PgBouncer has passed to PostgreSQL for the application's database since it started. */
    private long pooledTransactions() {
        return environment.pgBouncer().orElseThrow().consoleRows("SHOW STATS").stream()
                .filter(stats -> EmbeddedDatabase.DATABASE.equals(stats.get("database")))
                .mapToLong(stats -> Long.parseLong(stats.get("total_xact_count")))
                .sum();
    }

    private long preparedStatementErrors() {
        return environment.database().logLinesContaining("prepared statement \"")
                + environment.database().logLinesContaining("bind message supplies");
    }
}
