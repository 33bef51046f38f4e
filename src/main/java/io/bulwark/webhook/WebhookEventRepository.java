package io.bulwark.webhook;

import io.bulwark.database.DatabaseAccessException;
import io.bulwark.database.JdbcParameters;
import io.bulwark.database.MonitoredOperation;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stored deliveries. The insert is {@code INSERT ... ON CONFLICT (source, delivery_id) DO NOTHING}: the
 * unique key, not a check-then-insert, decides which of two concurrent identical deliveries is the first;
 * the second waits for the first to commit and then finds its row.
 */
@ApplicationScoped
public class WebhookEventRepository {

    private static final String INSERT_IF_ABSENT = """
            INSERT INTO webhook_events (id, source, delivery_id, event_type, occurred_at, payload, status, attempts,
                                        last_error, processed_at, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, 1, ?, CASE WHEN ? THEN now() END, ?)
            ON CONFLICT (source, delivery_id) DO NOTHING
            """;

    private static final String FIND_KEY = "SELECT id, status FROM webhook_events WHERE source = ? AND delivery_id = ?";

    @Resource(lookup = "jdbc/bulwark")
    DataSource dataSource;

    @PersistenceContext(unitName = "bulwark")
    EntityManager entityManager;

    /** The key of a stored event: its id and status. */
    public record StoredKey(UUID id, WebhookStatus status) {
    }

    /**
     * Stores the delivery with its outcome unless (source, delivery id) is already stored.
     *
     * @return whether this call stored it
     */
    public boolean insertIfAbsent(UUID id, String source, String deliveryId, WebhookEnvelope envelope, String payload,
                                  WebhookStatus status, String lastError, OffsetDateTime nextAttemptAt) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(INSERT_IF_ABSENT)) {
            statement.setObject(1, id);
            statement.setString(2, source);
            statement.setString(3, deliveryId);
            statement.setString(4, envelope.type());
            JdbcParameters.setTimestamp(statement, 5, envelope.occurredAt());
            statement.setString(6, payload);
            statement.setString(7, status.name());
            statement.setString(8, lastError);
            statement.setBoolean(9, status == WebhookStatus.PROCESSED || status == WebhookStatus.IGNORED);
            JdbcParameters.setTimestamp(statement, 10, nextAttemptAt);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    public Optional<StoredKey> findKey(String source, String deliveryId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(FIND_KEY)) {
            statement.setString(1, source);
            statement.setString(2, deliveryId);
            try (ResultSet result = statement.executeQuery()) {
                return result.next()
                        ? Optional.of(new StoredKey(result.getObject(1, UUID.class), WebhookStatus.valueOf(result.getString(2))))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /** The event with its payload, read in a transaction of its own. */
    @MonitoredOperation("webhook.find")
    @Transactional
    public Optional<WebhookEventView> findView(UUID id) {
        return Optional.ofNullable(entityManager.find(WebhookEvent.class, id)).map(event -> WebhookEventView.of(event, true));
    }

    /**
     * Claims the FAILED event that has been due longest, locking it until the transaction ends; events other
     * workers (in this or another replica) hold are skipped, not waited for.
     */
    public Optional<WebhookEvent> claimDue() {
        List<?> due = entityManager.createNativeQuery("""
                        SELECT * FROM webhook_events
                        WHERE status = 'FAILED' AND next_attempt_at <= now()
                        ORDER BY next_attempt_at
                        LIMIT 1
                        FOR UPDATE SKIP LOCKED""", WebhookEvent.class)
                .getResultList();
        return due.stream().map(WebhookEvent.class::cast).findFirst();
    }

    /** The event, locked against concurrent replays until the transaction ends. */
    public Optional<WebhookEvent> findForUpdate(UUID id) {
        return Optional.ofNullable(entityManager.find(WebhookEvent.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    /** The newest events first, optionally of one status and one source, without payloads. */
    @MonitoredOperation("webhook.list")
    @Transactional
    public List<WebhookEventView> list(WebhookStatus status, String source, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT e FROM WebhookEvent e WHERE 1 = 1");
        if (status != null) {
            jpql.append(" AND e.status = :status");
        }
        if (source != null) {
            jpql.append(" AND e.source = :source");
        }
        jpql.append(" ORDER BY e.receivedAt DESC");
        TypedQuery<WebhookEvent> query = entityManager.createQuery(jpql.toString(), WebhookEvent.class).setMaxResults(limit);
        if (status != null) {
            query.setParameter("status", status);
        }
        if (source != null) {
            query.setParameter("source", source);
        }
        return query.getResultList().stream().map(event -> WebhookEventView.of(event, false)).toList();
    }
}
