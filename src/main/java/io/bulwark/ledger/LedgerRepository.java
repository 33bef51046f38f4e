package io.bulwark.ledger;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import io.bulwark.database.DatabaseAccessException;
import io.bulwark.database.JdbcParameters;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The ledger's writes, as PostgreSQL upserts: {@code INSERT ... ON CONFLICT} keeps concurrent deliveries
 * for the same account or transaction from racing (where a JPA find-then-persist would fail one of them on
 * the unique key), and the {@code state_as_of} guard in each update keeps an older event from overwriting
 * newer state. Runs on the caller's JTA transaction: Liberty hands JDBC and JPA the same shared connection.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class LedgerRepository {

    private static final String UPSERT_ACCOUNT = """
            INSERT INTO accounts (id, external_id, status, name, currency, balance, state_as_of)
            VALUES (?, ?, COALESCE(CAST(? AS varchar), 'unknown'), ?, ?, ?, ?)
            ON CONFLICT (external_id) DO UPDATE SET
                status = COALESCE(CAST(? AS varchar), accounts.status),
                name = COALESCE(EXCLUDED.name, accounts.name),
                currency = COALESCE(EXCLUDED.currency, accounts.currency),
                balance = COALESCE(EXCLUDED.balance, accounts.balance),
                state_as_of = EXCLUDED.state_as_of,
                updated_at = now(),
                version = accounts.version + 1
            WHERE accounts.state_as_of IS NULL OR accounts.state_as_of <= EXCLUDED.state_as_of
            """;

    private static final String INSERT_UNKNOWN_ACCOUNT = """
            INSERT INTO accounts (id, external_id, status) VALUES (?, ?, ?)
            ON CONFLICT (external_id) DO NOTHING
            """;

    private static final String LOCK_ACCOUNTS = """
            SELECT 1 FROM accounts WHERE external_id = ANY (?) ORDER BY external_id FOR NO KEY UPDATE
            """;

    private static final String FIND_ACCOUNTS = """
            SELECT external_id, id, currency FROM accounts WHERE external_id = ANY (?)
            """;

    private static final String FIND_TRANSACTION_ACCOUNTS = """
            SELECT t.external_id, a.external_id FROM transactions t JOIN accounts a ON a.id = t.account_id
            WHERE t.external_id = ANY (?)
            """;

    private static final String UPSERT_TRANSACTION = """
            INSERT INTO transactions (id, external_id, account_id, amount, currency, status, booked_at, description, state_as_of)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (external_id) DO UPDATE SET
                amount = EXCLUDED.amount,
                currency = EXCLUDED.currency,
                status = EXCLUDED.status,
                booked_at = COALESCE(EXCLUDED.booked_at, transactions.booked_at),
                description = COALESCE(EXCLUDED.description, transactions.description),
                state_as_of = EXCLUDED.state_as_of,
                updated_at = now(),
                version = transactions.version + 1
            WHERE transactions.account_id = EXCLUDED.account_id
              AND (transactions.state_as_of IS NULL OR transactions.state_as_of <= EXCLUDED.state_as_of)
            """;

    /** An account as the transaction writes need it. */
    public record AccountKey(UUID id, String currency) {
    }

    @Resource(lookup = "jdbc/bulwark")
    DataSource dataSource;

    public void upsertAccount(AccountUpdate update) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(UPSERT_ACCOUNT)) {
            statement.setObject(1, UUID.randomUUID());
            statement.setString(2, update.externalId());
            statement.setString(3, update.status());
            statement.setString(4, update.name());
            statement.setString(5, update.currency());
            statement.setBigDecimal(6, update.balance());
            statement.setObject(7, update.asOf());
            statement.setString(8, update.status());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /** Locks the existing accounts among these, in id order, until the transaction ends. */
    public void lockAccounts(Collection<String> externalIds) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lock = connection.prepareStatement(LOCK_ACCOUNTS)) {
            lock.setArray(1, textArray(connection, externalIds));
            lock.executeQuery().close();
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /**
     * Inserts an account (status {@code unknown}) for each external id not known yet. The ids go in the order
     * given, sorted by the caller, so concurrent callers take their locks in the same order.
     */
    public void insertMissingAccounts(Collection<String> sortedExternalIds) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT_UNKNOWN_ACCOUNT)) {
            for (String externalId : sortedExternalIds) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, externalId);
                insert.setString(3, Account.STATUS_UNKNOWN);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /** The keys of the accounts with these external ids, as they are now in this transaction. */
    public Map<String, AccountKey> findAccounts(Collection<String> externalIds) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement find = connection.prepareStatement(FIND_ACCOUNTS)) {
            find.setArray(1, textArray(connection, externalIds));
            Map<String, AccountKey> accounts = new HashMap<>();
            try (ResultSet result = find.executeQuery()) {
                while (result.next()) {
                    accounts.put(result.getString(1), new AccountKey(result.getObject(2, UUID.class), result.getString(3)));
                }
            }
            return accounts;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /** The account external id each of these transactions is already booked on, for those that exist. */
    public Map<String, String> accountsOfTransactions(Collection<String> transactionExternalIds) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement find = connection.prepareStatement(FIND_TRANSACTION_ACCOUNTS)) {
            find.setArray(1, textArray(connection, transactionExternalIds));
            Map<String, String> accounts = new HashMap<>();
            try (ResultSet result = find.executeQuery()) {
                while (result.next()) {
                    accounts.put(result.getString(1), result.getString(2));
                }
            }
            return accounts;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /**
     * Upserts the transactions in the order given. Updates of distinct transactions go in one JDBC batch,
     * which PgJDBC rewrites into multi-row inserts; one statement cannot upsert a row twice, so a
     * transaction's second update goes in the next batch, and so on. Within a batch rows are in id order,
     * so that concurrent writers lock them in one order.
     */
    public void upsertTransactions(List<TransactionUpdate> updates, Map<String, AccountKey> accounts) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(UPSERT_TRANSACTION)) {
            for (List<TransactionUpdate> wave : waves(updates)) {
                for (TransactionUpdate update : wave) {
                    statement.setObject(1, UUID.randomUUID());
                    statement.setString(2, update.externalId());
                    statement.setObject(3, accounts.get(update.accountExternalId()).id());
                    statement.setBigDecimal(4, update.amount());
                    statement.setString(5, update.currency());
                    statement.setString(6, update.status());
                    JdbcParameters.setTimestamp(statement, 7, update.bookedAt());
                    statement.setString(8, update.description());
                    statement.setObject(9, update.asOf());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /** The updates split so that each transaction appears at most once per wave, its updates in order. */
    static List<List<TransactionUpdate>> waves(List<TransactionUpdate> updates) {
        Map<String, Integer> seen = new HashMap<>();
        List<List<TransactionUpdate>> waves = new ArrayList<>();
        for (TransactionUpdate update : updates) {
            int wave = seen.merge(update.externalId(), 1, Integer::sum) - 1;
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(update);
        }
        waves.forEach(wave -> wave.sort(Comparator.comparing(TransactionUpdate::externalId)));
        return waves;
    }

    private static Array textArray(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }
}
