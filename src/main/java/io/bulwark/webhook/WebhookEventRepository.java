package io.bulwark.webhook;

import io.bulwark.database.DatabaseAccessException;
import io.bulwark.database.JdbcParameters;
import io.bulwark.database.MonitoredOperation;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stored deliveries. What is a duplicate is decided by {@code webhook_event_keys}, one row per stored event
 * holding its keys: (source, delivery id) and, for a source whose deliveries are identified by their body as
 * well, (source, body digest). {@code webhook_events} is partitioned by received time and can hold no unique
 * key across days, so the insert is one statement that first inserts the keys {@code ON CONFLICT DO NOTHING}
 * and then stores exactly the events whose keys went in: the unique keys, not a check-then-insert, decide
 * which of two concurrent identical deliveries is the first; the second waits for the first to commit and then
 * finds its row. A delivery that matches a stored one by either key is a duplicate. A whole group of
 * deliveries is stored by one such statement, duplicates among them skipped without failing the others.
 */
@ApplicationScoped
@Transactional
public class WebhookEventRepository {

    private static final String INSERT_HEAD = """
            WITH delivered (id, source, ledger, delivery_id, body_sha256, event_type, occurred_at, payload, status, last_error,
                            processed_at, next_attempt_at) AS (VALUES\s""";

    /**
     * The keys go in first and decide; an event is stored only when its keys did. Both rows get the
     * transaction's {@code now()} as received time, so that retention removes a key exactly with its event.
     */
    private static final String INSERT_TAIL = """
            ), keys AS (
                INSERT INTO webhook_event_keys (source, delivery_id, body_sha256, event_id, received_at)
                SELECT source, delivery_id, body_sha256, id, now() FROM delivered
                ON CONFLICT DO NOTHING
                RETURNING event_id)
            INSERT INTO webhook_events (id, source, ledger, delivery_id, body_sha256, event_type, occurred_at, payload, status,
                                        attempts, last_error, received_at, processed_at, next_attempt_at)
            SELECT d.id, d.source, d.ledger, d.delivery_id, d.body_sha256, d.event_type, d.occurred_at, d.payload, d.status,
                   1, d.last_error, now(), d.processed_at, d.next_attempt_at
            FROM delivered d JOIN keys k ON k.event_id = d.id
            RETURNING id""";

    /** A retry delay in milliseconds after the database's clock; NULL (no retry) for a NULL delay. */
    private static final String NOW_PLUS_DELAY = "now() + interval '1 millisecond' * ?";

    /**
     * A row of the {@code delivered} list. Its columns take their types from its own expressions, not from the
     * table inserted into, so a parameter that may be a typeless NULL (no time, no error) is cast.
     */
    private static final String INSERT_ROW = "(?, ?, ?, ?, decode(?, 'hex'), ?, CAST(? AS timestamptz), CAST(? AS jsonb), ?, CAST(? AS text), "
            + "CASE WHEN ? THEN now() END, " + NOW_PLUS_DELAY + ")";

    private static final String RECORD_FAILED_ATTEMPT = "UPDATE webhook_events SET attempts = attempts + 1, last_error = ?, "
            + "next_attempt_at = " + NOW_PLUS_DELAY + ", version = version + 1 WHERE id = ? AND " + ReceiptWindow.CONDITION;

    /** Through the keys, so that an event is found by its body digest too, in whichever partition it is. */
    private static final String FIND_ORIGINALS = "SELECT k.source, k.delivery_id, encode(k.body_sha256, 'hex'), e.id, e.status "
            + "FROM webhook_event_keys k JOIN webhook_events e ON e.id = k.event_id AND e.received_at = k.received_at WHERE ";

    @Resource(lookup = "jdbc/bulwark")
    DataSource dataSource;

    @PersistenceContext(unitName = "bulwark")
    EntityManager entityManager;

    /** The key of a stored event: its id and status. */
    public record StoredKey(UUID id, WebhookStatus status) {
    }

    /**
     * A delivery to be stored with its outcome.
     *
     * @param retryAfter for a FAILED event, how long after the database's {@code now()} it is due for a
     *                   background attempt; null when it is never to be tried again in the background
     */
    public record NewEvent(UUID id, Delivery delivery, WebhookStatus status, String lastError, Duration retryAfter) {
    }

    /**
     * Stores, in one multi-row statement, every event that no stored event matches by either key; the rows
     * go in (source, delivery id) order, so that two groups holding the same keys wait for each other rather
     * than deadlock. Only bodies sent again under new ids can meet in another order; PostgreSQL then breaks
     * the deadlock and the groups' members commit alone, as after any failed group.
     *
     * @return the ids of the events this call stored
     */
    public Set<UUID> insertAllIfAbsent(List<NewEvent> rows) {
        List<NewEvent> ordered = rows.stream().sorted(Comparator.comparing(row -> row.delivery().key())).toList();
        StringBuilder sql = new StringBuilder(INSERT_HEAD);
        for (int i = 0; i < ordered.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(INSERT_ROW);
        }
        sql.append(INSERT_TAIL);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int parameter = 0;
            for (NewEvent row : ordered) {
                Delivery delivery = row.delivery();
                statement.setObject(++parameter, row.id());
                statement.setString(++parameter, delivery.source());
                statement.setString(++parameter, delivery.ledger());
                statement.setString(++parameter, delivery.deliveryId());
                statement.setString(++parameter, delivery.bodySha256());
                statement.setString(++parameter, delivery.event().type());
                JdbcParameters.setTimestamp(statement, ++parameter, delivery.event().occurredAt());
                statement.setString(++parameter, delivery.payload());
                statement.setString(++parameter, row.status().name());
                statement.setString(++parameter, row.lastError());
                statement.setBoolean(++parameter, row.status() == WebhookStatus.PROCESSED || row.status() == WebhookStatus.IGNORED);
                setDelay(statement, ++parameter, row.retryAfter());
            }
            Set<UUID> stored = new HashSet<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    stored.add(result.getObject(1, UUID.class));
                }
            }
            return stored;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /**
     * The stored events these deliveries duplicate, by the deliveries' keys: the one with the same (source,
     * delivery id), else the one with the same body; a delivery that matches none is missing.
     */
    public Map<DeliveryKey, StoredKey> findOriginals(Collection<Delivery> deliveries) {
        List<Delivery.BodyKey> bodies = deliveries.stream().map(Delivery::bodyKey).filter(Objects::nonNull).toList();
        StringBuilder sql = new StringBuilder(FIND_ORIGINALS).append(rows("(k.source, k.delivery_id) IN ", deliveries.size(), "(?, ?)"));
        if (!bodies.isEmpty()) {
            sql.append(" OR ").append(rows("(k.source, k.body_sha256) IN ", bodies.size(), "(?, decode(?, 'hex'))"));
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int parameter = 0;
            for (Delivery delivery : deliveries) {
                statement.setString(++parameter, delivery.source());
                statement.setString(++parameter, delivery.deliveryId());
            }
            for (Delivery.BodyKey body : bodies) {
                statement.setString(++parameter, body.source());
                statement.setString(++parameter, body.sha256());
            }
            Map<DeliveryKey, StoredKey> byKey = new HashMap<>();
            Map<Delivery.BodyKey, StoredKey> byBody = new HashMap<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    StoredKey stored = new StoredKey(result.getObject(4, UUID.class), WebhookStatus.valueOf(result.getString(5)));
                    byKey.put(new DeliveryKey(result.getString(1), result.getString(2)), stored);
                    if (result.getString(3) != null) {
                        byBody.put(new Delivery.BodyKey(result.getString(1), result.getString(3)), stored);
                    }
                }
            }
            Map<DeliveryKey, StoredKey> found = new HashMap<>();
            for (Delivery delivery : deliveries) {
                StoredKey original = byKey.get(delivery.key());
                if (original == null && delivery.bodyKey() != null) {
                    original = byBody.get(delivery.bodyKey());
                }
                if (original != null) {
                    found.put(delivery.key(), original);
                }
            }
            return found;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    private static String rows(String head, int count, String row) {
        StringBuilder rows = new StringBuilder(head).append('(');
        for (int i = 0; i < count; i++) {
            rows.append(i == 0 ? "" : ", ").append(row);
        }
        return rows.append(')').toString();
    }

    /** The event with its payload, read in a transaction of its own. */
    @MonitoredOperation("webhook.find")
    public Optional<WebhookEventView> findView(UUID id) {
        return selectById(id, "").map(event -> WebhookEventView.of(event, true));
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

    /**
     * The FAILED event with this id, locked until the transaction ends, if it is due by the database's clock;
     * empty when it is not (any more), or when another worker holds it: that one is not waited for.
     */
    public Optional<WebhookEvent> lockIfDue(UUID id) {
        return selectById(id, " AND status = 'FAILED' AND next_attempt_at <= now() FOR UPDATE SKIP LOCKED");
    }

    /**
     * Records a failed attempt of a FAILED event: one more attempt, its error, and the next attempt due
     * {@code retryAfter} after the database's {@code now()}, or none when {@code retryAfter} is null.
     */
    public void recordFailedAttempt(UUID id, String lastError, Duration retryAfter) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(RECORD_FAILED_ATTEMPT)) {
            statement.setString(1, lastError);
            setDelay(statement, 2, retryAfter);
            statement.setObject(3, id);
            ReceiptWindow.of(id).bind(statement, 4);
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("webhook event " + id + " vanished while its attempt was recorded");
            }
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    private static void setDelay(PreparedStatement statement, int index, Duration delay) throws SQLException {
        if (delay == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, delay.toMillis());
        }
    }

    /** The event, locked against concurrent replays until the transaction ends. */
    public Optional<WebhookEvent> findForUpdate(UUID id) {
        return selectById(id, " FOR UPDATE");
    }

    /** The event with this id, read from the partitions its id's receipt time names, with {@code tail} appended. */
    private Optional<WebhookEvent> selectById(UUID id, String tail) {
        Query query = entityManager.createNativeQuery("SELECT * FROM webhook_events WHERE id = CAST(? AS uuid) AND "
                        + ReceiptWindow.CONDITION + tail, WebhookEvent.class)
                .setParameter(1, id.toString());
        ReceiptWindow.of(id).bind(query, 2);
        return query.getResultList().stream().map(WebhookEvent.class::cast).findFirst();
    }
}
