package io.bulwark.webhook.search;

import io.bulwark.database.DatabaseAccessException;
import io.bulwark.database.MonitoredOperation;
import io.bulwark.webhook.EventHistoryEntry;
import io.bulwark.webhook.WebhookEventView;
import io.bulwark.webhook.WebhookStatus;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads stored events page by page and the rows an event's history is made of. A page is one indexed range
 * read in (received_at desc, id desc) order, bounded by the cursor and the limit, however many events are
 * stored; a delivery id is found through the (source, delivery_id) index.
 */
@ApplicationScoped
@Transactional
public class EventSearchRepository {

    private static final String COLUMNS = "SELECT id, source, ledger, delivery_id, event_type, status, attempts, last_error, "
            + "occurred_at, received_at, processed_at FROM webhook_events WHERE true";

    /**
     * The stored sources, one index probe each (a loose index scan): lets a delivery id searched without its source
     * be looked up per source in the (source, delivery_id) index deduplication keeps, not by scanning every event.
     */
    private static final String STORED_SOURCES = """
            WITH RECURSIVE sources AS (
                SELECT min(source) AS source FROM webhook_events
                UNION ALL
                SELECT (SELECT min(e.source) FROM webhook_events e WHERE e.source > sources.source) FROM sources
                WHERE sources.source IS NOT NULL)
            """;

    @Resource(lookup = "jdbc/bulwark")
    DataSource dataSource;

    /** At most {@code limit} events the filter selects, after the cursor (when there is one), newest first. */
    @MonitoredOperation("webhook.search")
    public List<WebhookEventView> page(EventFilter filter, PageCursor after, int limit) {
        boolean deliveryIdAlone = filter.deliveryId() != null && filter.source() == null;
        StringBuilder sql = new StringBuilder(deliveryIdAlone ? STORED_SOURCES : "").append(COLUMNS);
        if (deliveryIdAlone) {
            sql.append(" AND source IN (SELECT source FROM sources)");
        }
        List<Object> parameters = new ArrayList<>();
        FilterClause.append(filter, sql, parameters);
        if (after != null) {
            sql.append(" AND (received_at, id) < (?, ?)");
            parameters.add(after.at());
            parameters.add(after.id());
        }
        sql.append(" ORDER BY received_at DESC, id DESC LIMIT ?");
        parameters.add(limit);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            FilterClause.bind(statement, parameters);
            List<WebhookEventView> events = new ArrayList<>(limit);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    events.add(new WebhookEventView(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getString(4),
                            row.getString(5), WebhookStatus.valueOf(row.getString(6)), row.getInt(7), row.getString(8),
                            row.getObject(9, OffsetDateTime.class), row.getObject(10, OffsetDateTime.class),
                            row.getObject(11, OffsetDateTime.class), null, null));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /** The alerts raised for the event and its replays, oldest first, as history entries. */
    @MonitoredOperation("webhook.history")
    public List<EventHistoryEntry> alertsAndReplays(UUID webhookId) {
        List<EventHistoryEntry> entries = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT created_at, severity, title, error_class, acknowledged_by, acknowledged_at
                    FROM alerts WHERE webhook_id = ? ORDER BY created_at, id""")) {
                statement.setObject(1, webhookId);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        String acknowledged = row.getString(5) == null ? "" : "; acknowledged by " + row.getString(5) + " at "
                                + row.getObject(6, OffsetDateTime.class);
                        entries.add(new EventHistoryEntry(row.getObject(1, OffsetDateTime.class), "ALERTED",
                                row.getString(2) + " alert '" + row.getString(3) + "' (" + row.getString(4) + ")" + acknowledged));
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT replayed_at, replayed_by, replica, job_id, outcome, detail
                    FROM webhook_replays WHERE webhook_id = ? ORDER BY replayed_at, id""")) {
                statement.setObject(1, webhookId);
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        String job = row.getString(4) == null ? "by hand" : "by bulk replay job " + row.getString(4);
                        String detail = row.getString(6) == null ? "" : ": " + row.getString(6);
                        entries.add(new EventHistoryEntry(row.getObject(1, OffsetDateTime.class), "REPLAYED",
                                "replayed " + job + " of " + row.getString(2) + " on replica " + row.getString(3) + ", "
                                        + row.getString(5) + detail));
                    }
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }
}
