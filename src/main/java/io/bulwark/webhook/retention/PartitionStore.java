package io.bulwark.webhook.retention;

import io.bulwark.alert.AlertHousekeeping;
import io.bulwark.alert.AlertSeverity;
import io.bulwark.alert.Alerts;
import io.bulwark.database.DatabaseAccessException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The transactions that change the partitions of {@code webhook_events}, one per partition. Each first takes
 * a transaction-level advisory lock ({@code pg_try_advisory_xact_lock}, safe behind a transaction-mode
 * pooler, where a session lock would stay with a server connection other clients then get) and returns
 * {@link Outcome#BUSY} at once when another replica holds it. DDL on a partition locks the parent table: each
 * transaction sets {@code lock_timeout} to {@code webhook.partitions.lock-timeout}, so that it gives up (and is
 * tried again on a later run) rather than queue ingestion behind a lock it waits for.
 *
 * <p>A day's deduplication keys are deleted in the same transaction that drops its partition, so a key exists
 * exactly as long as its event.
 */
@ApplicationScoped
@Transactional
public class PartitionStore {

    static final String DEFAULT_PARTITION = "webhook_events_default";
    static final String DRAINED = "Webhook events were stored in the default partition; moved to ";

    /** Statuses of events that still need work; a partition holding any is never dropped. */
    private static final String UNRESOLVED = "('RECEIVED', 'PROCESSING', 'FAILED')";

    @Resource(lookup = "jdbc/bulwark")
    DataSource dataSource;

    @Inject
    Alerts alerts;

    @Inject
    AlertHousekeeping housekeeping;

    @Inject
    @ConfigProperty(name = "webhook.partitions.lock-timeout", defaultValue = "PT0.2S")
    Duration lockTimeout;

    /** For the statements that touch a whole day of rows (moving them, deleting their keys), not the pool's default. */
    @Inject
    @ConfigProperty(name = "webhook.partitions.statement-timeout", defaultValue = "PT10M")
    Duration statementTimeout;

    /** What a partition transaction did. */
    public enum Outcome {
        /** Done, or nothing was left to do. */
        DONE,
        /** The partition was past retention but holds unresolved events: kept, with an alert. */
        KEPT,
        /** Another replica is maintaining the partitions; this run stops. */
        BUSY
    }

    /** The database's clock, the partitions there are, and the UTC days of the rows in the default partition. */
    public record Layout(Instant now, List<String> partitions, List<LocalDate> defaultDays) {
    }

    public Layout layout() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            Instant now;
            try (ResultSet result = statement.executeQuery("SELECT now()")) {
                result.next();
                now = result.getObject(1, OffsetDateTime.class).toInstant();
            }
            List<String> partitions = strings(statement, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    + "WHERE i.inhparent = 'webhook_events'::regclass ORDER BY c.relname");
            List<LocalDate> defaultDays = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT DISTINCT (received_at AT TIME ZONE 'UTC')::date FROM "
                    + DEFAULT_PARTITION + " ORDER BY 1")) {
                while (result.next()) {
                    defaultDays.add(result.getObject(1, LocalDate.class));
                }
            }
            return new Layout(now, partitions, defaultDays);
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /**
     * Creates the day's partition unless it exists. It is made as a table of its own and then attached, which
     * locks the parent only against other DDL (SHARE UPDATE EXCLUSIVE), not against inserts; the default
     * partition is locked while it is checked for rows of that day.
     */
    public Outcome create(PartitionDay day) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (!lock(connection)) {
                return Outcome.BUSY;
            }
            if (!exists(connection, day.tableName())) {
                statement.execute(newTable(day));
                statement.execute(attach(day));
            }
            return Outcome.DONE;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /**
     * Moves the rows of one day out of the default partition into that day's new partition, and raises an
     * alert: rows land there only when maintenance has not run for longer than its days ahead.
     */
    public Outcome drain(PartitionDay day) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (!lock(connection)) {
                return Outcome.BUSY;
            }
            if (exists(connection, day.tableName())) {
                throw new IllegalStateException(day.tableName() + " exists while the default partition holds rows of its day");
            }
            statement.execute(newTable(day));
            int moved;
            try (PreparedStatement move = connection.prepareStatement("WITH moved AS (DELETE FROM " + DEFAULT_PARTITION
                    + " WHERE received_at >= ? AND received_at < ? RETURNING *) INSERT INTO " + day.tableName() + " SELECT * FROM moved")) {
                bindDay(move, day);
                move.setQueryTimeout(Math.toIntExact(statementTimeout.toSeconds()));
                moved = move.executeUpdate();
            }
            statement.execute(attach(day));
            if (moved > 0) {
                alerts.raise(AlertSeverity.WARNING, DRAINED + day.tableName(), null, null, null, null);
            }
            return Outcome.DONE;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /**
     * Takes a day past retention out of {@code webhook_events} with its deduplication keys, unless it holds
     * unresolved events: then it is kept, and an alert naming it is raised once. The day is detached and renamed
     * {@code webhook_events_expired_pYYYYMMDD} rather than dropped here: dropping unlinks its files at commit,
     * which would hold the parent's ACCESS EXCLUSIVE lock, and so ingestion, for as long as that takes (see
     * {@link #dropDetached}).
     */
    public Outcome expire(PartitionDay day) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (!lock(connection)) {
                return Outcome.BUSY;
            }
            if (!exists(connection, day.tableName())) {
                return Outcome.DONE;
            }
            try (ResultSet result = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + day.tableName()
                    + " WHERE status IN " + UNRESOLVED + ")")) {
                result.next();
                if (result.getBoolean(1)) {
                    housekeeping.raiseOnce(AlertSeverity.WARNING, keptTitle(day));
                    return Outcome.KEPT;
                }
            }
            try (PreparedStatement keys = connection.prepareStatement(
                    "DELETE FROM webhook_event_keys WHERE received_at >= ? AND received_at < ?")) {
                bindDay(keys, day);
                keys.setQueryTimeout(Math.toIntExact(statementTimeout.toSeconds()));
                keys.executeUpdate();
            }
            statement.execute("ALTER TABLE webhook_events DETACH PARTITION " + day.tableName());
            statement.execute("ALTER TABLE " + day.tableName() + " RENAME TO " + day.expiredTableName());
            return Outcome.DONE;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /**
     * Drops the days {@link #expire} detached, including any a crash left behind; they are no partitions any
     * more, so this locks nothing ingestion uses. Returns the tables dropped.
     */
    public List<String> dropDetached() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (!lock(connection)) {
                return List.of();
            }
            List<String> detached = strings(statement, "SELECT c.relname FROM pg_class c WHERE c.relkind = 'r' AND NOT c.relispartition "
                    + "AND c.relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = 'webhook_events'::regclass) "
                    + "AND c.relname LIKE 'webhook\\_events\\_expired\\_p%' ORDER BY c.relname");
            List<String> dropped = detached.stream().filter(name -> PartitionDay.ofExpiredTable(name).isPresent()).toList();
            for (String table : dropped) {
                statement.execute("DROP TABLE " + table);
            }
            return dropped;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /** Deletes the alerts created before {@code cutoff}; returns how many. */
    public int purgeAlerts(Instant cutoff) {
        return housekeeping.purgeCreatedBefore(cutoff);
    }

    static String keptTitle(PartitionDay day) {
        return "Webhook partition " + day.tableName() + " is past retention but kept: it holds unresolved events";
    }

    private boolean lock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_try_advisory_xact_lock(hashtext('bulwark.webhook-partitions')), set_config('lock_timeout', ?, true)")) {
            statement.setString(1, lockTimeout.toMillis() + "ms");
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private static String newTable(PartitionDay day) {
        return "CREATE TABLE " + day.tableName() + " (LIKE webhook_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)";
    }

    private static String attach(PartitionDay day) {
        return "ALTER TABLE webhook_events ATTACH PARTITION " + day.tableName() + " " + day.boundsClause();
    }

    private static void bindDay(PreparedStatement statement, PartitionDay day) throws SQLException {
        statement.setObject(1, OffsetDateTime.ofInstant(day.from(), ZoneOffset.UTC));
        statement.setObject(2, OffsetDateTime.ofInstant(day.until(), ZoneOffset.UTC));
    }

    private static List<String> strings(Statement statement, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }
}
