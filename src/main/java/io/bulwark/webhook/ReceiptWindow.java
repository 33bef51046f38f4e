package io.bulwark.webhook;

import jakarta.persistence.Query;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The receipt times a stored event with a given id can have, as a condition on {@code received_at} that lets
 * PostgreSQL read only the partitions in it: an id of version 7 names its receipt time give or take
 * {@link EventIds#CLOCK_ALLOWANCE}; an id stored before carries none, and its window is unbounded.
 */
record ReceiptWindow(String from, String until) {

    /** The condition, with two parameters: the window's start (inclusive) and its end (exclusive). */
    static final String CONDITION = "received_at >= CAST(? AS timestamptz) AND received_at < CAST(? AS timestamptz)";

    private static final ReceiptWindow UNBOUNDED = new ReceiptWindow("-infinity", "infinity");

    static ReceiptWindow of(UUID id) {
        if (!EventIds.carriesReceiptTime(id)) {
            return UNBOUNDED;
        }
        var receivedAt = EventIds.receiptTime(id);
        return new ReceiptWindow(receivedAt.minus(EventIds.CLOCK_ALLOWANCE).toString(),
                receivedAt.plus(EventIds.CLOCK_ALLOWANCE).toString());
    }

    void bind(PreparedStatement statement, int first) throws SQLException {
        statement.setString(first, from);
        statement.setString(first + 1, until);
    }

    void bind(Query query, int first) {
        query.setParameter(first, from).setParameter(first + 1, until);
    }
}
