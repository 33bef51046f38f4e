package io.bulwark.webhook.replay;

import io.bulwark.database.DatabaseAccessException;
import io.bulwark.database.JdbcParameters;
import io.bulwark.webhook.WebhookStatus;
import io.bulwark.webhook.search.EventFilter;
import io.bulwark.webhook.search.FilterClause;
import io.bulwark.webhook.search.PageCursor;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stored bulk replay jobs and their work lists. Every statement is short and leaves no session state behind,
 * as PgBouncer's transaction mode needs: a job is held by a lease (owner and expiry) in its row, never by a
 * session lock, and every write by a worker is fenced by that lease, so a worker that lost it changes nothing.
 */
@ApplicationScoped
@Transactional
public class ReplayJobRepository {

    private static final String JOB_COLUMNS = "id, state, source, delivery_id, event_type, status, received_from, received_to, "
            + "include_ignored, created_at, created_by, started_at, finished_at, selected, processed, failed, ignored, skipped, error";

    private static final String HELD = "id = ? AND owner = ? AND state = 'RUNNING'";

    @Resource(lookup = "jdbc/bulwark")
    DataSource dataSource;

    /** An event a job is to replay: its place in the job's order, and its id. */
    public record Item(int seq, UUID webhookId) {
    }

    /**
     * Stores a new QUEUED job, or, when {@code idempotencyKey} is set and {@code createdBy} already made a job
     * with it, returns that one instead.
     */
    public ReplayJob create(EventFilter filter, boolean includeIgnored, String createdBy, String idempotencyKey) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO replay_jobs (id, state, source, delivery_id, event_type, status, received_from, received_to,
                                             include_ignored, idempotency_key, created_by)
                    VALUES (?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING""")) {
                UUID id = UUID.randomUUID();
                insert.setObject(1, id);
                insert.setString(2, filter.source());
                insert.setString(3, filter.deliveryId());
                insert.setString(4, filter.type());
                insert.setString(5, filter.status() == null ? null : filter.status().name());
                JdbcParameters.setTimestamp(insert, 6, filter.receivedFrom());
                JdbcParameters.setTimestamp(insert, 7, filter.receivedTo());
                insert.setBoolean(8, includeIgnored);
                insert.setString(9, idempotencyKey);
                insert.setString(10, createdBy);
                if (insert.executeUpdate() == 1) {
                    return find(connection, "id = ?", id).orElseThrow();
                }
            }
            try (PreparedStatement existing = connection.prepareStatement("SELECT " + JOB_COLUMNS
                    + " FROM replay_jobs WHERE created_by = ? AND idempotency_key = ?")) {
                existing.setString(1, createdBy);
                existing.setString(2, idempotencyKey);
                return one(existing).orElseThrow();
            }
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    public Optional<ReplayJob> find(UUID id) {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, "id = ?", id);
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /** At most {@code limit} jobs after the cursor (when there is one), newest first. */
    public List<ReplayJob> page(PageCursor after, int limit) {
        String where = after == null ? "" : " WHERE (created_at, id) < (?, ?)";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT " + JOB_COLUMNS + " FROM replay_jobs" + where
                     + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
            int parameter = 0;
            if (after != null) {
                JdbcParameters.setTimestamp(statement, ++parameter, after.at());
                statement.setObject(++parameter, after.id());
            }
            statement.setInt(++parameter, limit);
            return all(statement);
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /** Cancels a QUEUED or RUNNING job; empty when it is in neither state (or there is none). */
    public Optional<ReplayJob> cancel(UUID id) {
        return transition(id, "UPDATE replay_jobs SET state = 'CANCELLED', finished_at = now(), lease_until = NULL "
                + "WHERE id = ? AND state IN ('QUEUED', 'RUNNING')");
    }

    /**
     * Takes for {@code owner}, until {@code lease} from now, the job it holds already, else the oldest QUEUED or
     * RUNNING job whose lease has expired; jobs other workers are taking at the same moment are skipped.
     */
    public Optional<ReplayJob> claim(String owner, Duration lease) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     UPDATE replay_jobs SET owner = ?, lease_until = now() + interval '1 millisecond' * ?, state = 'RUNNING',
                                            started_at = coalesce(started_at, now())
                     WHERE id = (SELECT id FROM replay_jobs
                                 WHERE state IN ('QUEUED', 'RUNNING') AND (lease_until IS NULL OR lease_until < now() OR owner = ?)
                                 ORDER BY owner = ? DESC NULLS LAST, created_at, id
                                 LIMIT 1
                                 FOR UPDATE SKIP LOCKED)
                     RETURNING id""")) {
            statement.setString(1, owner);
            statement.setLong(2, lease.toMillis());
            statement.setString(3, owner);
            statement.setString(4, owner);
            UUID claimed;
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                claimed = row.getObject(1, UUID.class);
            }
            return find(connection, "id = ?", claimed);
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /**
     * Extends {@code owner}'s lease on a RUNNING job; false when it no longer holds it (expired and taken, or
     * the job was cancelled). Every write of a worker begins with this, in its transaction, so the job's row stays
     * locked by that transaction until it commits.
     */
    public boolean renew(UUID jobId, String owner, Duration lease) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("UPDATE replay_jobs SET lease_until = now() + interval "
                     + "'1 millisecond' * ? WHERE " + HELD)) {
            statement.setLong(1, lease.toMillis());
            statement.setObject(2, jobId);
            statement.setString(3, owner);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /**
     * Fills the job's work list with the events its filter selects among those received before it was created,
     * whose status it replays, in (received_at, id) order; records how many.
     */
    public int select(ReplayJob job, String owner, Set<WebhookStatus> statuses) {
        StringBuilder sql = new StringBuilder("""
                WITH chosen AS (
                    INSERT INTO replay_job_events (job_id, seq, webhook_id)
                    SELECT ?, row_number() OVER (ORDER BY received_at, id), id FROM webhook_events
                    WHERE received_at < ? AND status = ANY (?)""");
        List<Object> parameters = new ArrayList<>();
        parameters.add(job.id());
        parameters.add(job.createdAt());
        parameters.add(statuses.stream().map(Enum::name).toArray(String[]::new));
        FilterClause.append(job.filter(), sql, parameters);
        sql.append(" RETURNING 1) UPDATE replay_jobs SET selected = (SELECT count(*) FROM chosen) WHERE ").append(HELD)
                .append(" RETURNING selected");
        parameters.add(job.id());
        parameters.add(owner);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                if (parameters.get(i) instanceof String[] values) {
                    parameters.set(i, connection.createArrayOf("text", values));
                }
            }
            FilterClause.bind(statement, parameters);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new LeaseLostException(job.id());
                }
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /** The next events of the job's work list that have no outcome yet, in its order. */
    public List<Item> pending(UUID jobId, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT seq, webhook_id FROM replay_job_events "
                     + "WHERE job_id = ? AND outcome IS NULL ORDER BY seq LIMIT ?")) {
            statement.setObject(1, jobId);
            statement.setInt(2, limit);
            List<Item> items = new ArrayList<>(limit);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    items.add(new Item(row.getInt(1), row.getObject(2, UUID.class)));
                }
            }
            return items;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /**
     * Gives an event of the work list its outcome and counts it, once: false when it had one already. The
     * caller holds the job's lease in this transaction ({@link #renew}).
     */
    public boolean recordOutcome(UUID jobId, int seq, ReplayOutcome outcome) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement item = connection.prepareStatement("UPDATE replay_job_events SET outcome = ? "
                    + "WHERE job_id = ? AND seq = ? AND outcome IS NULL")) {
                item.setString(1, outcome.name());
                item.setObject(2, jobId);
                item.setInt(3, seq);
                if (item.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement job = connection.prepareStatement("UPDATE replay_jobs SET " + outcome.column() + " = "
                    + outcome.column() + " + 1 WHERE id = ?")) {
                job.setObject(1, jobId);
                job.executeUpdate();
            }
            return true;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /** Marks the job DONE when every event of its work list has its outcome; false when some have none yet. */
    public boolean finish(UUID jobId, String owner) {
        return update("UPDATE replay_jobs SET state = 'DONE', finished_at = now(), lease_until = NULL WHERE " + HELD
                + " AND NOT EXISTS (SELECT 1 FROM replay_job_events WHERE job_id = ? AND outcome IS NULL)", jobId, owner, jobId);
    }

    /** Marks a job {@code owner} holds FAILED, with the reason. */
    public boolean fail(UUID jobId, String owner, String error) {
        return update("UPDATE replay_jobs SET state = 'FAILED', finished_at = now(), lease_until = NULL, error = ? "
                + "WHERE " + HELD, error, jobId, owner);
    }

    private boolean update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    private Optional<ReplayJob> transition(UUID id, String sql) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, id);
                if (statement.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            return find(connection, "id = ?", id);
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    private static Optional<ReplayJob> find(Connection connection, String where, UUID id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + JOB_COLUMNS + " FROM replay_jobs WHERE " + where)) {
            statement.setObject(1, id);
            return one(statement);
        }
    }

    private static Optional<ReplayJob> one(PreparedStatement statement) throws SQLException {
        return all(statement).stream().findFirst();
    }

    private static List<ReplayJob> all(PreparedStatement statement) throws SQLException {
        List<ReplayJob> jobs = new ArrayList<>();
        try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                String status = row.getString(6);
                EventFilter filter = new EventFilter(row.getString(3), row.getString(4), row.getString(5),
                        status == null ? null : WebhookStatus.valueOf(status), row.getObject(7, OffsetDateTime.class),
                        row.getObject(8, OffsetDateTime.class));
                Object selected = row.getObject(14);
                jobs.add(new ReplayJob(row.getObject(1, UUID.class), ReplayJobState.valueOf(row.getString(2)), filter, row.getBoolean(9),
                        row.getObject(10, OffsetDateTime.class), row.getString(11), row.getObject(12, OffsetDateTime.class),
                        row.getObject(13, OffsetDateTime.class), selected == null ? null : ((Number) selected).intValue(), row.getInt(15), row.getInt(16),
                        row.getInt(17), row.getInt(18), row.getString(19)));
            }
        }
        return jobs;
    }

    /**
     * Deletes what retention leaves of replays: the audit of replays done before {@code cutoff}, and the jobs that
     * ended before it, with their work lists. Returns how many rows of both went.
     */
    public int purgeBefore(Instant cutoff) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement replays = connection.prepareStatement("DELETE FROM webhook_replays WHERE replayed_at < ?");
             PreparedStatement jobs = connection.prepareStatement(
                     "DELETE FROM replay_jobs WHERE finished_at < ? AND state IN ('DONE', 'FAILED', 'CANCELLED')")) {
            OffsetDateTime at = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
            replays.setObject(1, at);
            jobs.setObject(1, at);
            return replays.executeUpdate() + jobs.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }
}
