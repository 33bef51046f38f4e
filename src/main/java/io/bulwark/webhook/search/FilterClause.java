package io.bulwark.webhook.search;

import io.bulwark.database.JdbcParameters;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/** The WHERE conditions of an {@link EventFilter} on {@code webhook_events}, with their parameters, for every reader of a selection. */
public final class FilterClause {

    private FilterClause() {
    }

    /** Appends {@code AND ...} for each member the filter sets, and its parameter. */
    public static void append(EventFilter filter, StringBuilder sql, List<Object> parameters) {
        condition(sql, parameters, " AND source = ?", filter.source());
        condition(sql, parameters, " AND delivery_id = ?", filter.deliveryId());
        condition(sql, parameters, " AND event_type = ?", filter.type());
        condition(sql, parameters, " AND status = ?", filter.status() == null ? null : filter.status().name());
        condition(sql, parameters, " AND received_at >= ?", filter.receivedFrom());
        condition(sql, parameters, " AND received_at < ?", filter.receivedTo());
    }

    /** Binds parameters in order from the first placeholder. */
    public static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof OffsetDateTime time) {
                JdbcParameters.setTimestamp(statement, i + 1, time);
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    private static void condition(StringBuilder sql, List<Object> parameters, String condition, Object value) {
        if (value != null) {
            sql.append(condition);
            parameters.add(value);
        }
    }
}
