package io.bulwark.database;

import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Decides whether a database failure is transient (worth another attempt in a fresh transaction, and
 * answered 503 when attempts run out) or permanent (bad data or a bug: never retried).
 *
 * <p>Transient: connection failures (SQLState class 08), administrator shutdown and "cannot connect now"
 * (57P01-57P03), serialization failure (40001), deadlock (40P01), too many connections (53300), the
 * prepared-statement family a pooler causes (26000, 42P05), query cancelled by a timeout (57014), and the
 * JDBC transient and recoverable exception types (Liberty's pool wait timeout is one). Everything else,
 * notably integrity violations (23) and data exceptions (22), is permanent.
 *
 * <p>A commit that the transaction manager rolled back without any SQLState to say why (the connection was
 * lost as it committed) is transient as well: Bulwark's own data errors always carry one, and every unit of
 * work is idempotent, so another attempt either commits or finds what the first one committed.
 */
public final class FailureClassifier {

    private static final Set<String> TRANSIENT_STATES = Set.of(
            "57P01", "57P02", "57P03", "40001", "40P01", "53300", "26000", "42P05", "57014");

    private FailureClassifier() {
    }

    public static boolean isTransient(Throwable failure) {
        boolean rolledBackAtCommit = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return isTransientState(sql.getSQLState());
            }
            rolledBackAtCommit |= t instanceof RollbackException;
        }
        return rolledBackAtCommit;
    }

    static boolean isTransientState(String sqlState) {
        return sqlState.startsWith("08") || TRANSIENT_STATES.contains(sqlState);
    }
}
