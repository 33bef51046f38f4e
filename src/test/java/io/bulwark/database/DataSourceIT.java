package io.bulwark.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.alert.Alert;
import io.bulwark.alert.AlertSeverity;
import io.bulwark.ledger.Account;
import io.bulwark.ledger.Transaction;
import io.bulwark.testing.Deployments;
import io.bulwark.testing.TransactionRunner;
import io.bulwark.webhook.WebhookEvent;
import io.bulwark.webhook.WebhookStatus;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server-configured datasource as the application uses it: entities survive a round trip, the unique
 * keys of the contract hold, and nothing is ever prepared by name on a PostgreSQL backend, which is what
 * makes the application safe behind a transaction-mode pooler. These tests fail if Liberty's statement
 * cache or PgJDBC's prepareThreshold go back to their defaults.
 */
@ExtendWith(ArquillianExtension.class)
class DataSourceIT {

    private static final int REPEATS = 20;

    @Deployment
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Inject
    TransactionRunner transactions;

    @Test
    void entitiesRoundTripThroughTheServerDataSource() {
        String suffix = UUID.randomUUID().toString();
        OffsetDateTime occurredAt = OffsetDateTime.of(2026, 11, 29, 12, 0, 0, 0, ZoneOffset.UTC);
        BigDecimal balance = new BigDecimal("123456789012345678.123456789");
        String payload = "{\"id\": \"evt_" + suffix + "\", \"type\": \"account.updated\", \"extra\": {\"kept\": true}}";

        UUID[] ids = transactions.inNewTransaction(em -> {
            Account account = new Account("acme", "acc_" + suffix, "active", "Main", "EUR", balance, occurredAt);
            Transaction transaction = new Transaction("tx_" + suffix, account, new BigDecimal("-5.00"), "EUR", "booked",
                    occurredAt.minusMinutes(1), "Coffee", occurredAt);
            WebhookEvent event = new WebhookEvent("acme", "acme", "evt_" + suffix, "account.updated", occurredAt, payload);
            em.persist(account);
            em.persist(transaction);
            em.persist(event);
            em.flush();
            Alert alert = new Alert(AlertSeverity.WARNING, "Processing failed", "acme", "account.updated", event.getId(),
                    "IllegalStateException");
            em.persist(alert);
            return new UUID[] {account.getId(), transaction.getId(), event.getId(), alert.getId()};
        });

        transactions.inNewTransaction(em -> {
            Account account = em.find(Account.class, ids[0]);
            assertEquals("acc_" + suffix, account.getExternalId());
            assertEquals(0, balance.compareTo(account.getBalance()), "balance is exact");
            assertEquals(balance.toPlainString(), account.getBalance().toPlainString());
            assertTrue(occurredAt.isEqual(account.getStateAsOf()));

            Transaction transaction = em.find(Transaction.class, ids[1]);
            assertEquals("-5.00", transaction.getAmount().toPlainString());
            assertEquals(account.getId(), transaction.getAccount().getId());

            // An event's key is (id, received_at), the partition key with it.
            WebhookEvent event = em.createQuery("SELECT e FROM WebhookEvent e WHERE e.id = :id", WebhookEvent.class)
                    .setParameter("id", ids[2]).getSingleResult();
            assertEquals(WebhookStatus.RECEIVED, event.getStatus());
            assertTrue(event.getPayload().contains("\"kept\": true"), "unknown fields are kept in the stored payload");

            Alert alert = em.find(Alert.class, ids[3]);
            assertEquals(event.getId(), alert.getWebhookId());
            assertEquals(false, alert.isAcknowledged());
            return null;
        });
    }

    @Test
    void deliveryIdIsUniquePerSource() {
        String deliveryId = "evt_" + UUID.randomUUID();
        transactions.inNewTransaction(em -> {
            storeKey(em, "acme", deliveryId);
            storeKey(em, "globex", deliveryId);
            return null;
        });

        RuntimeException duplicate = assertThrows(RuntimeException.class, () -> transactions.inNewTransaction(em -> {
            storeKey(em, "acme", deliveryId);
            return null;
        }));
        assertEquals("23505", sqlState(duplicate), "a repeated (source, delivery id) is a unique violation of the deduplication keys");
    }

    private static void storeKey(EntityManager em, String source, String deliveryId) {
        em.createNativeQuery("INSERT INTO webhook_event_keys (source, delivery_id, event_id, received_at) VALUES (?, ?, CAST(? AS uuid), now())")
                .setParameter(1, source)
                .setParameter(2, deliveryId)
                .setParameter(3, UUID.randomUUID().toString())
                .executeUpdate();
    }

    @Test
    void jpaQueriesRunUnpreparedOnTheServer() {
        long prepared = transactions.inNewTransaction(em -> {
            for (int i = 0; i < REPEATS; i++) {
                em.createNamedQuery("Account.findByExternalId", Account.class)
                        .setParameter("externalId", "acc_" + i)
                        .getResultList();
            }
            return countPreparedOnThisBackend(em);
        });
        assertEquals(0, prepared, "PostgreSQL holds named prepared statements of this connection");
    }

    @Test
    void jdbcStatementsRunUnpreparedOnTheServer() throws Exception {
        try (Connection connection = applicationDataSource().getConnection()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < REPEATS; i++) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM webhook_events WHERE source = ? AND delivery_id = ?")) {
                    statement.setString(1, "acme");
                    statement.setString(2, "evt_" + i);
                    try (ResultSet result = statement.executeQuery()) {
                        result.next();
                    }
                }
            }
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_prepared_statements")) {
                result.next();
                assertEquals(0, result.getLong(1), "PostgreSQL holds named prepared statements of this connection");
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void connectionsCarryTheInstanceApplicationName() {
        String applicationName = transactions.inNewTransaction(em ->
                (String) em.createNativeQuery("SELECT current_setting('application_name')").getSingleResult());
        assertNotNull(applicationName);
        assertTrue(applicationName.matches("bulwark-it-[0-9a-f]{8}"), applicationName);
    }

    private static long countPreparedOnThisBackend(EntityManager em) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM pg_prepared_statements").getSingleResult()).longValue();
    }

    private static DataSource applicationDataSource() throws NamingException {
        return InitialContext.doLookup("jdbc/bulwark");
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
