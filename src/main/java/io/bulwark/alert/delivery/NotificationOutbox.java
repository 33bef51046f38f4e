package io.bulwark.alert.delivery;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code alerts} table read as an outbox. Every method is one short transaction and no lock outlives it,
 * as a transaction-mode pooler requires (no session state, no advisory locks). A claim takes the alert due
 * longest with {@code FOR UPDATE SKIP LOCKED}, counts the attempt and pushes the alert's next attempt out by a
 * lease longer than any POST can take, all in one statement: another replica neither waits for it nor sees it
 * due while it is being sent, and if the claiming replica dies, the alert comes due again when the lease ends.
 * Times come from the database's clock, so replicas with skewed clocks agree.
 */
@ApplicationScoped
@Transactional
public class NotificationOutbox {

    private static final String NOW_PLUS_DELAY = "now() + interval '1 millisecond' * ?";

    private static final String CLAIM = "UPDATE alerts a SET notify_attempts = a.notify_attempts + 1, notify_next_at = "
            + NOW_PLUS_DELAY + " FROM (SELECT id FROM alerts WHERE notify_status = 'PENDING' AND notify_next_at <= now() "
            + "ORDER BY notify_next_at LIMIT 1 FOR UPDATE SKIP LOCKED) due WHERE a.id = due.id "
            + "RETURNING a.id, a.severity, a.title, a.source, a.event_type, a.webhook_id, a.error_class, a.created_at, a.notify_attempts";

    private static final String ABANDON_EXPIRED = "UPDATE alerts SET notify_status = 'ABANDONED', notify_next_at = NULL, "
            + "notify_error = ? WHERE id IN (SELECT id FROM alerts WHERE notify_status = 'PENDING' AND notify_next_at <= now() "
            + "AND created_at < now() - interval '1 millisecond' * ? FOR UPDATE SKIP LOCKED) RETURNING id";

    private static final String MARK_SENT = "UPDATE alerts SET notify_status = 'SENT', notified_at = now(), notify_next_at = NULL, "
            + "notify_error = NULL WHERE id = ? AND notify_status = 'PENDING'";

    private static final String RETRY_LATER = "UPDATE alerts SET notify_next_at = " + NOW_PLUS_DELAY + ", notify_error = ? "
            + "WHERE id = ? AND notify_status = 'PENDING'";

    private static final String ABANDON = "UPDATE alerts SET notify_status = 'ABANDONED', notify_next_at = NULL, notify_error = ? "
            + "WHERE id = ? AND notify_status = 'PENDING'";

    private static final int MAX_ERROR_LENGTH = 255;

    @Resource(lookup = "jdbc/bulwark")
    DataSource dataSource;

    /**
     * Claims the alert due longest, skipping those another worker holds, for {@code lease}.
     *
     * @return the claimed alert with its attempt counted, or empty when none is due
     */
    public Optional<AlertNotification> claimNext(Duration lease) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setLong(1, lease.toMillis());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AlertNotification(row.getObject(1, UUID.class), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getObject(6, UUID.class), row.getString(7),
                        row.getObject(8, OffsetDateTime.class), row.getInt(9)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("claiming an alert to deliver failed", e);
        }
    }

    /** Gives up on every due alert raised more than {@code maxAge} ago; returns their ids. */
    public List<UUID> abandonOlderThan(Duration maxAge) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(ABANDON_EXPIRED)) {
            statement.setString(1, "older than " + maxAge + " before it could be sent");
            statement.setLong(2, maxAge.toMillis());
            List<UUID> abandoned = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    abandoned.add(rows.getObject(1, UUID.class));
                }
            }
            return abandoned;
        } catch (SQLException e) {
            throw new IllegalStateException("abandoning expired alerts failed", e);
        }
    }

    public void markSent(UUID id) {
        update(MARK_SENT, statement -> statement.setObject(1, id));
    }

    /** Records a failed attempt; the alert comes due again {@code delay} after the database's now. */
    public void retryLater(UUID id, String error, Duration delay) {
        update(RETRY_LATER, statement -> {
            statement.setLong(1, delay.toMillis());
            statement.setString(2, truncated(error));
            statement.setObject(3, id);
        });
    }

    /** Records the last failed attempt: the alert is never sent. */
    public void abandon(UUID id, String error) {
        update(ABANDON, statement -> {
            statement.setString(1, truncated(error));
            statement.setObject(2, id);
        });
    }

    private interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    private void update(String sql, Parameters parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            parameters.set(statement);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording an alert delivery failed", e);
        }
    }

    private static String truncated(String error) {
        return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }
}
