package io.bulwark.ledger;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import io.bulwark.database.DatabaseAccessException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The ledger's reads and writes, as PostgreSQL statements keyed by (ledger, external id). Upserts
 * ({@code INSERT ... ON CONFLICT}) keep concurrent deliveries for the same account or transaction from racing
 * (where a JPA find-then-persist would fail one of them on the unique key), and the {@code state_as_of} guard in
 * each update keeps an older event from overwriting newer state. Runs on the caller's JTA transaction: Liberty
 * hands JDBC and JPA the same shared connection.
 *
 * <p>Statements that take several rows take them as arrays ({@code unnest}), so each is one statement
 * whatever the number of rows, and rows are written or locked in {@link LedgerKey} order: the order of
 * {@code COLLATE "C"} in the queries. The unique keys are (external_id, ledger): the same key as (ledger,
 * external_id), with the selective column first, so that a lookup by external id alone uses it too.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class LedgerRepository {

    private static final String UPSERT_ACCOUNT = """
            INSERT INTO accounts (id, ledger, external_id, status, name, currency, balance, state_as_of)
            VALUES (?, ?, ?, COALESCE(CAST(? AS varchar), 'unknown'), ?, ?, ?, ?)
            ON CONFLICT (external_id, ledger) DO UPDATE SET
                status = COALESCE(CAST(? AS varchar), accounts.status),
                name = COALESCE(EXCLUDED.name, accounts.name),
                currency = COALESCE(EXCLUDED.currency, accounts.currency),
                balance = COALESCE(EXCLUDED.balance, accounts.balance),
                state_as_of = EXCLUDED.state_as_of,
                updated_at = now(),
                version = accounts.version + 1
            WHERE accounts.state_as_of IS NULL OR accounts.state_as_of <= EXCLUDED.state_as_of
            RETURNING id, currency
            """;

    private static final String INSERT_UNKNOWN_ACCOUNTS = """
            INSERT INTO accounts (id, ledger, external_id, status)
            SELECT CAST(k.id AS uuid), k.ledger, k.external_id, 'unknown'
            FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) WITH ORDINALITY AS k (id, ledger, external_id, position)
            ORDER BY k.position
            ON CONFLICT (external_id, ledger) DO NOTHING
            """;

    private static final String LOCK_ACCOUNTS = """
            SELECT a.ledger, a.external_id, a.id, a.currency
            FROM accounts a
            JOIN unnest(CAST(? AS text[]), CAST(? AS text[])) AS k (ledger, external_id)
              ON a.external_id = k.external_id AND a.ledger = k.ledger
            ORDER BY a.ledger COLLATE "C", a.external_id COLLATE "C"
            FOR NO KEY UPDATE OF a
            """;

    private static final String FIND_TRANSACTION_ACCOUNTS = """
            SELECT t.ledger, t.external_id, a.external_id
            FROM transactions t
            JOIN unnest(CAST(? AS text[]), CAST(? AS text[])) AS k (ledger, external_id)
              ON t.external_id = k.external_id AND t.ledger = k.ledger
            JOIN accounts a ON a.id = t.account_id
            """;

    private static final String UPSERT_TRANSACTIONS = """
            INSERT INTO transactions (id, ledger, external_id, account_id, amount, currency, status, booked_at, description, state_as_of)
            SELECT CAST(u.id AS uuid), u.ledger, u.external_id, CAST(u.account_id AS uuid), CAST(u.amount AS numeric), u.currency,
                   u.status, CAST(u.booked_at AS timestamptz), u.description, CAST(u.state_as_of AS timestamptz)
            FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                        CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]))
                 WITH ORDINALITY AS u (id, ledger, external_id, account_id, amount, currency, status, booked_at, description,
                                       state_as_of, position)
            ORDER BY u.position
            ON CONFLICT (external_id, ledger) DO UPDATE SET
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
            RETURNING ledger, external_id
            """;

    /** An account as the transaction rules and writes need it: its row id and currency. */
    public record AccountRow(UUID id, String currency) {
    }

    /** One update of a transaction in a ledger, booked on the account with row id {@code accountId}. */
    record TransactionWrite(LedgerKey key, TransactionUpdate update, UUID accountId) {
    }

    @Resource(lookup = "jdbc/bulwark")
    DataSource dataSource;

    /**
     * Inserts the account or updates it unless the stored state is newer; returns the account as the statement
     * left it when it wrote it, empty when the stored state was newer and kept.
     */
    public Optional<AccountRow> upsertAccount(String ledger, AccountUpdate update) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(UPSERT_ACCOUNT)) {
            statement.setObject(1, UUID.randomUUID());
            statement.setString(2, ledger);
            statement.setString(3, update.externalId());
            statement.setString(4, update.status());
            statement.setString(5, update.name());
            statement.setString(6, update.currency());
            statement.setBigDecimal(7, update.balance());
            statement.setObject(8, update.asOf());
            statement.setString(9, update.status());
            try (ResultSet written = statement.executeQuery()) {
                return written.next() ? Optional.of(new AccountRow(written.getObject(1, UUID.class), written.getString(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /**
     * Inserts an account (status {@code unknown}) for each key not known yet, in the order given (sorted by the
     * caller), so that concurrent callers meet each other's new rows in one order.
     */
    void insertMissingAccounts(Collection<LedgerKey> sortedKeys) {
        List<String> ids = new ArrayList<>(sortedKeys.size());
        sortedKeys.forEach(key -> ids.add(UUID.randomUUID().toString()));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT_UNKNOWN_ACCOUNTS)) {
            insert.setArray(1, textArray(connection, ids));
            insert.setArray(2, textArray(connection, sortedKeys.stream().map(LedgerKey::ledger).toList()));
            insert.setArray(3, textArray(connection, sortedKeys.stream().map(LedgerKey::externalId).toList()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /**
     * Locks the existing accounts among these ({@code FOR NO KEY UPDATE}, in key order) until the transaction
     * ends, and returns them as they are once locked: the read is the lock, so no other transaction can change
     * what it returned before this one ends. {@code NO KEY} lets concurrent inserts of transactions on these
     * accounts check their foreign key ({@code FOR KEY SHARE}) without waiting.
     */
    Map<LedgerKey, AccountRow> lockAccounts(Collection<LedgerKey> keys) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lock = connection.prepareStatement(LOCK_ACCOUNTS)) {
            lock.setArray(1, textArray(connection, keys.stream().map(LedgerKey::ledger).toList()));
            lock.setArray(2, textArray(connection, keys.stream().map(LedgerKey::externalId).toList()));
            Map<LedgerKey, AccountRow> accounts = new HashMap<>();
            try (ResultSet result = lock.executeQuery()) {
                while (result.next()) {
                    accounts.put(new LedgerKey(result.getString(1), result.getString(2)),
                            new AccountRow(result.getObject(3, UUID.class), result.getString(4)));
                }
            }
            return accounts;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /** The external id of the account each of these transactions is booked on (in its ledger), for those that exist. */
    Map<LedgerKey, String> accountsOfTransactions(Collection<LedgerKey> transactionKeys) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement find = connection.prepareStatement(FIND_TRANSACTION_ACCOUNTS)) {
            find.setArray(1, textArray(connection, transactionKeys.stream().map(LedgerKey::ledger).toList()));
            find.setArray(2, textArray(connection, transactionKeys.stream().map(LedgerKey::externalId).toList()));
            Map<LedgerKey, String> accounts = new HashMap<>();
            try (ResultSet result = find.executeQuery()) {
                while (result.next()) {
                    accounts.put(new LedgerKey(result.getString(1), result.getString(2)), result.getString(3));
                }
            }
            return accounts;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    /**
     * Upserts the transaction updates in the order given and returns the keys of the transactions it inserted or
     * updated; an update that found its transaction on another account, or newer, wrote nothing. One statement
     * cannot upsert a row twice, so a transaction's second update goes in the next statement, and so on; within
     * a statement rows are in key order, so that concurrent writers lock them in one order.
     */
    Set<LedgerKey> upsertTransactions(List<TransactionWrite> writes) {
        Set<LedgerKey> written = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(UPSERT_TRANSACTIONS)) {
            for (List<TransactionWrite> wave : waves(writes)) {
                bindWave(connection, statement, wave);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        written.add(new LedgerKey(result.getString(1), result.getString(2)));
                    }
                }
            }
            return written;
        } catch (SQLException e) {
            throw new DatabaseAccessException(e);
        }
    }

    private static void bindWave(Connection connection, PreparedStatement statement, List<TransactionWrite> wave)
            throws SQLException {
        int size = wave.size();
        List<List<String>> columns = new ArrayList<>(10);
        for (int column = 0; column < 10; column++) {
            columns.add(new ArrayList<>(size));
        }
        for (TransactionWrite write : wave) {
            TransactionUpdate update = write.update();
            columns.get(0).add(UUID.randomUUID().toString());
            columns.get(1).add(write.key().ledger());
            columns.get(2).add(write.key().externalId());
            columns.get(3).add(write.accountId().toString());
            columns.get(4).add(decimal(update.amount()));
            columns.get(5).add(update.currency());
            columns.get(6).add(update.status());
            columns.get(7).add(timestamp(update.bookedAt()));
            columns.get(8).add(update.description());
            columns.get(9).add(timestamp(update.asOf()));
        }
        for (int column = 0; column < 10; column++) {
            statement.setArray(column + 1, textArray(connection, columns.get(column)));
        }
    }

    /** The writes split so that each transaction appears at most once per wave, its updates in order. */
    static List<List<TransactionWrite>> waves(List<TransactionWrite> writes) {
        Map<LedgerKey, Integer> seen = new HashMap<>();
        List<List<TransactionWrite>> waves = new ArrayList<>();
        for (TransactionWrite write : writes) {
            int wave = seen.merge(write.key(), 1, Integer::sum) - 1;
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(write);
        }
        waves.forEach(wave -> wave.sort((a, b) -> a.key().compareTo(b.key())));
        return waves;
    }

    private static String decimal(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    /**
     * A timestamp as text PostgreSQL reads exactly: rounded half up to the microsecond, as PgJDBC rounds an
     * {@code OffsetDateTime} it binds, where PostgreSQL would round the nanoseconds of a text half to even.
     */
    static String timestamp(OffsetDateTime value) {
        return value == null ? null : value.plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static Array textArray(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }
}
