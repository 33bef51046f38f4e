package io.bulwark.testing;

import io.bulwark.testing.infra.TestEnvironment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An account's row held with {@code SELECT ... FOR UPDATE} in an open transaction on a direct connection to
 * PostgreSQL (not through the pooler), as a long report or a stuck migration would hold it, until
 * {@link #close()} rolls back. It can tell how many backends are waiting for it right now.
 */
public final class RowLock implements AutoCloseable {

    private final Connection connection;
    private final int holderPid;

    private RowLock(Connection connection, int holderPid) {
        this.connection = connection;
        this.holderPid = holderPid;
    }

    /** Locks the row of the account with this external id in this ledger; fails if there is no such account. */
    public static RowLock account(String ledger, String externalId) {
        Connection connection = null;
        try {
            connection = TestEnvironment.get().database().superuserConnection();
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT id FROM accounts WHERE ledger = ? AND external_id = ? FOR UPDATE")) {
                lock.setString(1, ledger);
                lock.setString(2, externalId);
                try (ResultSet row = lock.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("no account " + externalId + " in ledger " + ledger + " to lock");
                    }
                }
            }
            int pid;
            try (PreparedStatement backend = connection.prepareStatement("SELECT pg_backend_pid()");
                 ResultSet row = backend.executeQuery()) {
                row.next();
                pid = row.getInt(1);
            }
            return new RowLock(connection, pid);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException(e);
        }
    }

    /** How many PostgreSQL backends are blocked by this lock's transaction at this moment. */
    public long waitingBackends() {
        return DatabaseQueries.count("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))", holderPid);
    }

    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing is all that was left to do.
        }
    }
}
