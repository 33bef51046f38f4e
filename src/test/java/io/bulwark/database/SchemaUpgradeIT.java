package io.bulwark.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bulwark.testing.infra.EmbeddedDatabase;
import io.bulwark.testing.infra.TestEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a database that holds data: a fresh database of the test run's PostgreSQL is migrated to version 1
 * with the application's own migrations, filled as a running version 1 would have left it (several sources,
 * odd payloads, an account named by two sources and one named by none), then migrated to the newest version
 * as the application does when it starts. Each test method checks one concern of the upgrade on that one
 * migrated database, and changes nothing it leaves behind.
 */
class SchemaUpgradeIT {

    private static final String MIGRATIONS = "classpath:db/migration";
    private static final String DATABASE = "schema_upgrade_" + UUID.randomUUID().toString().substring(0, 8);

    /** Each account of the version 1 data and the ledger the upgrade must put it in. */
    private static final Map<String, String> LEDGER_OF_ACCOUNT = new LinkedHashMap<>();

    private static List<String> accountsBefore;
    private static List<String> transactionsBefore;
    private static List<String> eventsBefore;
    private static List<String> alertsBefore;
    private static List<String> eventsAtVersion3;

    @BeforeAll
    static void upgradeADatabaseThatHoldsVersion1Data() throws SQLException {
        try (Connection admin = TestEnvironment.get().database().superuserConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        flyway().target("1").load().migrate();
        try (Connection connection = connect()) {
            fillAsVersion1(connection);
            accountsBefore = rows(connection, "SELECT to_jsonb(a)::text FROM accounts a ORDER BY id");
            transactionsBefore = rows(connection, "SELECT to_jsonb(t)::text FROM transactions t ORDER BY id");
            eventsBefore = rows(connection, "SELECT (to_jsonb(e) - 'source')::text FROM webhook_events e ORDER BY id");
            alertsBefore = rows(connection, "SELECT to_jsonb(a)::text FROM alerts a ORDER BY id");
        }
        flyway().target("3").load().migrate();
        try (Connection connection = connect()) {
            fillAsVersion3(connection);
            eventsAtVersion3 = rows(connection, "SELECT to_jsonb(e)::text FROM webhook_events e ORDER BY id");
        }
        flyway().load().migrate();
    }

    @AfterAll
    static void dropTheDatabase() throws SQLException {
        try (Connection admin = TestEnvironment.get().database().superuserConnection(); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    @Test
    void everyMigrationRan() {
        assertEquals(0, flyway().load().info().pending().length, "migrations left pending");
    }

    @Test
    void everyAccountAndTransactionIsKeptUnchangedButForItsLedger() throws SQLException {
        try (Connection connection = connect()) {
            assertEquals(accountsBefore, rows(connection, "SELECT (to_jsonb(a) - 'ledger')::text FROM accounts a ORDER BY id"));
            assertEquals(transactionsBefore, rows(connection, "SELECT (to_jsonb(t) - 'ledger')::text FROM transactions t ORDER BY id"));
        }
    }

    @Test
    void eventsAndAlertsAreKept() throws SQLException {
        try (Connection connection = connect()) {
            assertEquals(eventsBefore, rows(connection, "SELECT (to_jsonb(e) - 'source' - 'ledger' - 'body_sha256')::text "
                    + "FROM webhook_events e WHERE delivery_id NOT LIKE 'v3\\_%' ORDER BY id"), "every event kept, unchanged but for its source's spelling");
            assertEquals(alertsBefore, rows(connection, "SELECT (to_jsonb(a) - 'notify_status' - 'notify_attempts' - 'notify_next_at' "
                    + "- 'notified_at' - 'notify_error')::text FROM alerts a ORDER BY id"), "every alert kept; delivery state is new");
        }
    }

    @Test
    void alertsRaisedBeforeTheUpgradeAreNeverSentButNewOnesWaitToBe() throws SQLException {
        try (Connection connection = connect()) {
            assertEquals(List.of("none 0 none"), rows(connection, "SELECT DISTINCT coalesce(notify_status, 'none') || ' ' || notify_attempts "
                    + "|| ' ' || coalesce(notify_next_at::text, 'none') FROM alerts"),
                    "alerts from before the upgrade have no delivery state, so the receiver is not flooded with them");
            connection.setAutoCommit(false);
            try {
                execute(connection, "INSERT INTO alerts (id, severity, title) VALUES (gen_random_uuid(), 'INFO', 'raised after the upgrade')");
                assertEquals(List.of("PENDING 0 true"), rows(connection, "SELECT notify_status || ' ' || notify_attempts || ' ' "
                        + "|| (notify_next_at <= now()) FROM alerts WHERE title = 'raised after the upgrade'"),
                        "an alert raised as the application raises it waits to be sent, due at once");
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void eventsMoveToTheCanonicalNameOfTheirSourceUnlessTheSameDeliveryIsStoredThereAlready() throws SQLException {
        try (Connection connection = connect()) {
            assertEquals(List.of(), rows(connection, "SELECT source FROM webhook_events WHERE source = 'pay_ops' AND delivery_id NOT LIKE 'evt_twice%'"));
            assertEquals(List.of("evt_twice pay-ops 10:00", "evt_twice pay_ops 10:05"), rows(connection, "SELECT delivery_id || ' ' || source "
                    + "|| ' ' || to_char(received_at AT TIME ZONE 'UTC', 'HH24:MI') FROM webhook_events WHERE delivery_id = 'evt_twice' ORDER BY source"),
                    "the copy stored under another spelling keeps it, so the canonical key still finds the first");
            assertEquals(List.of("evt_twice_odd a-b-c 09:00", "evt_twice_odd a-b_c 09:30"), rows(connection, "SELECT delivery_id || ' ' || source "
                    + "|| ' ' || to_char(received_at AT TIME ZONE 'UTC', 'HH24:MI') FROM webhook_events WHERE delivery_id = 'evt_twice_odd' "
                    + "ORDER BY received_at"), "with no canonical row, the earliest takes the canonical name");
        }
    }

    @Test
    void eachEventIsAppliedToItsSourcesOwnLedgerAndHasNoBodyDigest() throws SQLException {
        try (Connection connection = connect()) {
            assertEquals(List.of(), rows(connection, "SELECT id FROM webhook_events WHERE (ledger IS DISTINCT FROM replace(source, '_', '-') "
                    + "OR body_sha256 IS NOT NULL) AND delivery_id NOT LIKE 'v3\\_%'"), "events stored by version 1");
        }
    }

    @Test
    void eachAccountLandsInTheLedgerOfTheFirstSourceWhoseAppliedEventNamedIt() throws SQLException {
        try (Connection connection = connect()) {
            Map<String, String> ledgers = new TreeMap<>();
            for (String row : rows(connection, "SELECT external_id || ' ' || ledger FROM accounts")) {
                ledgers.put(row.substring(0, row.indexOf(' ')), row.substring(row.indexOf(' ') + 1));
            }
            assertEquals(new TreeMap<>(LEDGER_OF_ACCOUNT), ledgers);
        }
    }

    @Test
    void eachTransactionLandsInItsAccountsLedger() throws SQLException {
        try (Connection connection = connect()) {
            assertEquals(List.of("tx_batch acme", "tx_legacy legacy", "tx_pay pay-ops", "tx_shared acme"), rows(connection,
                    "SELECT t.external_id || ' ' || t.ledger FROM transactions t ORDER BY t.external_id"));
            assertEquals(List.of(), rows(connection, "SELECT t.external_id FROM transactions t JOIN accounts a ON a.id = t.account_id "
                    + "WHERE t.ledger <> a.ledger"));
        }
    }

    @Test
    void anIdMayExistOnceInEachLedger() throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                execute(connection, "INSERT INTO accounts (id, ledger, external_id, status) VALUES (gen_random_uuid(), 'open', 'acc_shared', 'active')");
                execute(connection, "INSERT INTO transactions (id, ledger, external_id, account_id, amount, currency, status) "
                        + "SELECT gen_random_uuid(), 'open', 'tx_shared', id, 1, 'EUR', 'booked' FROM accounts "
                        + "WHERE ledger = 'open' AND external_id = 'acc_shared'");
                assertEquals("23505", sqlState(() -> execute(connection, "INSERT INTO accounts (id, ledger, external_id, status) "
                        + "VALUES (gen_random_uuid(), 'acme', 'acc_shared', 'active')")), "an id twice in one ledger");
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void movingALedgersAccountsCarriesTheirTransactions() throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                execute(connection, "UPDATE accounts SET ledger = 'treasury' WHERE ledger = 'pay-ops'");
                assertEquals(List.of("tx_pay treasury"), rows(connection, "SELECT external_id || ' ' || ledger FROM transactions "
                        + "WHERE external_id = 'tx_pay'"));
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void aTransactionCannotBeBookedOnAnAccountOfAnotherLedger() throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                assertEquals("23503", sqlState(() -> execute(connection, "INSERT INTO transactions (id, ledger, external_id, account_id, "
                        + "amount, currency, status) SELECT gen_random_uuid(), 'open', 'tx_crossing', id, 1, 'EUR', 'booked' "
                        + "FROM accounts WHERE ledger = 'acme' AND external_id = 'acc_shared'")));
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void aLedgerNameMustBeUsable() throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                for (String bad : List.of("pay_ops", "Acme", "", "x".repeat(65))) {
                    execute(connection, "SAVEPOINT attempt");
                    String state = sqlState(() -> execute(connection, "INSERT INTO accounts (id, ledger, external_id, status) "
                            + "VALUES (gen_random_uuid(), '" + bad + "', 'acc_bad_name', 'active')"));
                    assertEquals(bad.length() > 64 ? "22001" : "23514", state, "ledger '" + bad + "'");
                    execute(connection, "ROLLBACK TO SAVEPOINT attempt");
                }
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void everyEventIsKeptWholeInThePartitionOfItsUtcDay() throws SQLException {
        try (Connection connection = connect()) {
            assertEquals(eventsAtVersion3, rows(connection, "SELECT to_jsonb(e)::text FROM webhook_events e ORDER BY id"),
                    "every column of every event, statuses, ledgers and digests included");
            assertEquals(List.of(), rows(connection, "SELECT id::text FROM webhook_events WHERE tableoid::regclass::text "
                    + "<> 'webhook_events_p' || to_char(received_at AT TIME ZONE 'UTC', 'YYYYMMDD')"));
            assertEquals(List.of("webhook_events_default", "webhook_events_p20261128", "webhook_events_p20261129"), rows(connection,
                    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'webhook_events'::regclass "
                    + "AND (c.relname <= 'webhook_events_p20261129' OR c.relname = 'webhook_events_default') ORDER BY c.relname"),
                    "one partition per day that holds events, and the default partition");
            assertEquals("0", rows(connection, "SELECT count(*) FROM webhook_events_default").get(0));
        }
    }

    @Test
    void everyEventHasItsDeduplicationKeys() throws SQLException {
        try (Connection connection = connect()) {
            assertEquals(rows(connection, "SELECT count(*) FROM webhook_events"), rows(connection, "SELECT count(*) FROM webhook_event_keys"));
            assertEquals(List.of(), rows(connection, "SELECT e.id::text FROM webhook_events e LEFT JOIN webhook_event_keys k "
                    + "ON k.event_id = e.id AND k.received_at = e.received_at AND k.source = e.source AND k.delivery_id = e.delivery_id "
                    + "AND k.body_sha256 IS NOT DISTINCT FROM e.body_sha256 WHERE k.event_id IS NULL"));
            assertEquals(List.of("pay-ops", "pay_ops"), rows(connection, "SELECT source FROM webhook_event_keys WHERE delivery_id = 'evt_twice' "
                    + "ORDER BY source"), "a delivery stored under two spellings keeps both keys, as both rows are kept");
        }
    }

    @Test
    void aDeliveryKeptBeforeTheUpgradeIsStillADuplicateByItsIdAndByItsBody() throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                execute(connection, "SAVEPOINT attempt");
                assertEquals("23505", sqlState(() -> execute(connection, "INSERT INTO webhook_event_keys (source, delivery_id, event_id, "
                        + "received_at) VALUES ('acme', 'v3_acme', gen_random_uuid(), now())")), "the same delivery id");
                execute(connection, "ROLLBACK TO SAVEPOINT attempt");
                assertEquals("23505", sqlState(() -> execute(connection, "INSERT INTO webhook_event_keys (source, delivery_id, body_sha256, "
                        + "event_id, received_at) VALUES ('github', 'v3_new_id', sha256('github body'::bytea), gen_random_uuid(), now())")),
                        "the same body under a new id, for a source whose ids are not signed");
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void anAlertMayOutliveItsEvent() throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                execute(connection, "DELETE FROM webhook_events WHERE status = 'FAILED'");
                assertEquals(List.of("2"), rows(connection, "SELECT count(*) FROM alerts WHERE webhook_id IS NOT NULL"));
            } finally {
                connection.rollback();
            }
        }
    }

    /** Rows only version 3 could store: body digests, and a day of their own (28 November). */
    private static void fillAsVersion3(Connection connection) throws SQLException {
        execute(connection, "INSERT INTO webhook_events (id, source, ledger, delivery_id, body_sha256, event_type, payload, status, "
                + "attempts, received_at, processed_at) VALUES "
                + "(gen_random_uuid(), 'github', 'github', 'v3_github', sha256('github body'::bytea), 'ping', '{}', 'IGNORED', 1, "
                + "'2026-11-28T23:59:59.999999Z', '2026-11-28T23:59:59.999999Z'), "
                + "(gen_random_uuid(), 'acme', 'acme', 'v3_acme', NULL, 'account.updated', '{\"data\": {}}', 'FAILED', 3, "
                + "'2026-11-28T08:00:00Z', NULL)");
    }

    /**
     * Rows as version 1 stored them. Times are when each event was applied ({@code processed_at}); the
     * account names say which case each is.
     */
    private static void fillAsVersion1(Connection connection) throws SQLException {
        // Named first by acme (10:00), then by open (11:00) and, earlier but FAILED, by github: acme's.
        account(connection, "acc_shared", "acme");
        event(connection, "acme", "PROCESSED", "10:00", "{\"type\": \"account.created\", \"data\": {\"account\": {\"id\": \"acc_shared\"}}}");
        event(connection, "open", "PROCESSED", "11:00", "{\"type\": \"account.updated\", \"data\": {\"account\": {\"id\": \"acc_shared\"}}}");
        event(connection, "github", "FAILED", "09:00", "{\"type\": \"account.updated\", \"data\": {\"account\": {\"id\": \"acc_shared\"}}}");
        // Source pay_ops, spelled with an underscore, named it in a transaction: ledger pay-ops.
        account(connection, "acc_pay", "pay-ops");
        event(connection, "pay_ops", "PROCESSED", "10:30", "{\"type\": \"transaction.created\", \"data\": {\"transaction\": "
                + "{\"id\": \"tx_pay\", \"accountId\": \"acc_pay\"}}}");
        // Named by a batch item of stripeco (12:00), and by acme's batch earlier (08:00) among odd items.
        account(connection, "acc_batch", "acme");
        event(connection, "stripeco", "PROCESSED", "12:00", "{\"type\": \"transactions.batch\", \"data\": {\"transactions\": "
                + "[{\"id\": \"tx_1\", \"accountId\": \"acc_batch\"}]}}");
        event(connection, "acme", "PROCESSED", "08:00", "{\"type\": \"transactions.batch\", \"data\": {\"transactions\": "
                + "[7, \"acc_batch\", null, {\"accountId\": 5}, {\"id\": \"tx_2\"}, {\"id\": \"tx_3\", \"accountId\": \"acc_batch\"}]}}");
        // The only event that named it was FAILED and never applied; another was IGNORED: legacy.
        account(connection, "acc_never_applied", "legacy");
        event(connection, "github", "FAILED", "07:00", "{\"type\": \"account.updated\", \"data\": {\"account\": {\"id\": \"acc_never_applied\"}}}");
        event(connection, "acme", "IGNORED", "07:00", "{\"type\": \"account.renamed\", \"data\": {\"account\": {\"id\": \"acc_never_applied\"}}}");
        // Named by no event at all: legacy, with its transaction.
        account(connection, "acc_orphan", "legacy");
        // Applied in one commit (the same time) by two sources: the alphabetically first ledger.
        account(connection, "acc_tie", "acme");
        event(connection, "open", "PROCESSED", "13:00", "{\"type\": \"account.updated\", \"data\": {\"account\": {\"id\": \"acc_tie\"}}}");
        event(connection, "acme", "PROCESSED", "13:00", "{\"type\": \"account.updated\", \"data\": {\"account\": {\"id\": \"acc_tie\"}}}");
        // Stored PROCESSED without processed_at: when it was received (midnight) counts, before acme's 09:00.
        account(connection, "acc_unstamped", "stripeco");
        event(connection, "stripeco", "PROCESSED", null, "{\"type\": \"account.updated\", \"data\": {\"account\": {\"id\": \"acc_unstamped\"}}}");
        event(connection, "acme", "PROCESSED", "09:00", "{\"type\": \"account.updated\", \"data\": {\"account\": {\"id\": \"acc_unstamped\"}}}");
        // Only odd payloads mention these, in shapes version 1 never applied: legacy.
        account(connection, "acc_odd", "legacy");
        for (String odd : List.of("[\"acc_odd\"]", "\"acc_odd\"", "42", "null", "{\"data\": [\"acc_odd\"]}", "{\"data\": \"acc_odd\"}",
                "{\"data\": {\"account\": \"acc_odd\"}}", "{\"data\": {\"account\": {\"id\": [\"acc_odd\"]}}}",
                "{\"data\": {\"account\": {\"id\": {\"id\": \"acc_odd\"}}}}", "{\"data\": {\"transaction\": [\"acc_odd\"]}}",
                "{\"data\": {\"transactions\": {\"accountId\": \"acc_odd\"}}}", "{\"data\": {\"transactions\": \"acc_odd\"}}",
                "{\"data\": {\"transactions\": [[{\"accountId\": \"acc_odd\"}]]}}")) {
            event(connection, "acme", "PROCESSED", "06:00", odd);
        }
        // One delivery stored twice under two spellings of one source, as version 1 allowed.
        event(connection, "pay-ops", "evt_twice", "IGNORED", "10:00", "{\"type\": \"ping\"}");
        event(connection, "pay_ops", "evt_twice", "IGNORED", "10:05", "{\"type\": \"ping\"}");
        event(connection, "a-b_c", "evt_twice_odd", "IGNORED", "09:30", "{\"type\": \"ping\"}");
        event(connection, "a_b-c", "evt_twice_odd", "IGNORED", "09:00", "{\"type\": \"ping\"}");
        // Named only by a source whose name cannot be a ledger: legacy.
        account(connection, "acc_bad_source", "legacy");
        event(connection, "bad source!", "PROCESSED", "06:00", "{\"type\": \"account.updated\", \"data\": {\"account\": {\"id\": \"acc_bad_source\"}}}");

        transaction(connection, "tx_shared", "acc_shared");
        transaction(connection, "tx_pay", "acc_pay");
        transaction(connection, "tx_batch", "acc_batch");
        transaction(connection, "tx_legacy", "acc_orphan");
        execute(connection, "INSERT INTO alerts (id, severity, title, source, event_type, webhook_id, error_class) "
                + "SELECT gen_random_uuid(), 'WARNING', 'Processing failed', source, event_type, id, 'CurrencyMismatch' "
                + "FROM webhook_events WHERE status = 'FAILED'");
    }

    private static void account(Connection connection, String externalId, String expectedLedger) throws SQLException {
        LEDGER_OF_ACCOUNT.put(externalId, expectedLedger);
        execute(connection, "INSERT INTO accounts (id, external_id, status, name, currency, balance, state_as_of) VALUES "
                + "(gen_random_uuid(), '" + externalId + "', 'active', 'Main', 'EUR', 12.345, '2026-11-29T12:00:00Z')");
    }

    private static void transaction(Connection connection, String externalId, String accountExternalId) throws SQLException {
        execute(connection, "INSERT INTO transactions (id, external_id, account_id, amount, currency, status, booked_at, state_as_of) "
                + "SELECT gen_random_uuid(), '" + externalId + "', id, -5.00, 'EUR', 'booked', '2026-11-29T11:00:00Z', "
                + "'2026-11-29T12:00:00Z' FROM accounts WHERE external_id = '" + accountExternalId + "'");
    }

    /** A stored delivery; {@code appliedAt} is its processed_at on 2026-11-29 (null: none, received at midnight). */
    private static void event(Connection connection, String source, String status, String appliedAt, String payload) throws SQLException {
        event(connection, source, "evt_" + UUID.randomUUID(), status, appliedAt, payload);
    }

    private static void event(Connection connection, String source, String deliveryId, String status, String appliedAt, String payload)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO webhook_events (id, source, delivery_id, event_type, "
                + "payload, status, received_at, processed_at) VALUES (gen_random_uuid(), ?, ?, 'account.updated', CAST(? AS jsonb), ?, "
                + "CAST(? AS timestamptz), CAST(? AS timestamptz))")) {
            insert.setString(1, source);
            insert.setString(2, deliveryId);
            insert.setString(3, payload);
            insert.setString(4, status);
            insert.setString(5, appliedAt == null ? "2026-11-29T00:00:00Z" : "2026-11-29T" + appliedAt + ":00Z");
            insert.setString(6, appliedAt == null ? null : "2026-11-29T" + appliedAt + ":00Z");
            insert.executeUpdate();
        }
    }

    private static FluentConfiguration flyway() {
        EmbeddedDatabase database = TestEnvironment.get().database();
        return Flyway.configure(SchemaUpgradeIT.class.getClassLoader())
                .dataSource(database.jdbcUrl(DATABASE), EmbeddedDatabase.SUPERUSER, "")
                .locations(MIGRATIONS);
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestEnvironment.get().database().jdbcUrl(DATABASE), EmbeddedDatabase.SUPERUSER, "");
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    private static String sqlState(SqlWork work) {
        return assertThrows(SQLException.class, work::run).getSQLState();
    }
}
