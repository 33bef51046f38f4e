package io.bulwark.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.testing.infra.TestEnvironment;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a load's answers against PostgreSQL: every acknowledged delivery is stored once and its effects
 * applied once; a delivery that was not acknowledged is either stored whole (event and effects) or not at all.
 * The loads send as source {@code acme}, whose events write to ledger {@code acme}.
 */
public final class LedgerAudit {

    private LedgerAudit() {
    }

    public static void assertNothingLostOrDoubled(List<DeliveryLoad.Outcome> outcomes) {
        Set<String> acknowledged = new LinkedHashSet<>();
        Set<String> all = new LinkedHashSet<>();
        Map<String, DeliveryLoad.Delivery> byId = new HashMap<>();
        for (DeliveryLoad.Outcome outcome : outcomes) {
            all.add(outcome.delivery().deliveryId());
            byId.put(outcome.delivery().deliveryId(), outcome.delivery());
            if (outcome.acknowledged()) {
                acknowledged.add(outcome.delivery().deliveryId());
            }
        }
        Set<String> stored = stringSet("SELECT delivery_id FROM webhook_events WHERE source = 'acme' AND delivery_id = ANY (?)", all);
        Set<String> lost = new LinkedHashSet<>(acknowledged);
        lost.removeAll(stored);
        assertEquals(Set.of(), lost, "acknowledged deliveries missing from webhook_events");

        Map<String, String> expectedAmounts = new HashMap<>();
        for (String id : stored) {
            expectedAmounts.putAll(byId.get(id).transactionAmounts());
        }
        Map<String, String[]> transactions = transactions(expectedAmounts.keySet());
        for (Map.Entry<String, String> expected : expectedAmounts.entrySet()) {
            String[] row = transactions.get(expected.getKey());
            assertTrue(row != null, "stored delivery without its transaction " + expected.getKey());
            assertEquals(expected.getValue(), row[0], "amount of " + expected.getKey());
            assertEquals("0", row[1], "transaction " + expected.getKey() + " applied more than once");
        }
        Set<String> notStored = new HashSet<>(all);
        notStored.removeAll(stored);
        Map<String, String> orphanCandidates = new HashMap<>();
        notStored.forEach(id -> orphanCandidates.putAll(byId.get(id).transactionAmounts()));
        assertEquals(Set.of(), transactions(orphanCandidates.keySet()).keySet(),
                "effects of deliveries that were never stored (half-stored)");
    }

    private static Set<String> stringSet(String sql, Set<String> values) {
        Set<String> result = new HashSet<>();
        query(sql, values, row -> result.add(row.getString(1)));
        return result;
    }

    private static Map<String, String[]> transactions(Set<String> externalIds) {
        Map<String, String[]> result = new HashMap<>();
        query("SELECT external_id, amount::text, version::text FROM transactions WHERE ledger = 'acme' AND external_id = ANY (?)", externalIds,
                row -> result.put(row.getString(1), new String[] {row.getString(2), row.getString(3)}));
        return result;
    }

    private interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    private static void query(String sql, Set<String> values, RowConsumer consumer) {
        try (Connection connection = TestEnvironment.get().database().superuserConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            Array array = connection.createArrayOf("text", values.toArray());
            statement.setArray(1, array);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    consumer.accept(rows);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
