package io.bulwark.database;

import java.sql.SQLException;

/** Describes database failures for logs and probes without their messages, which may name hosts or users. */
public final class SqlFailures {

    private SqlFailures() {
    }

    /**
     * The first exception along the cause chain that carries a SQLState, as "PSQLException[08001]"; where none
     * does, the class of the root cause.
     */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return t.getClass().getSimpleName() + "[" + sql.getSQLState() + "]";
            }
            root = t;
        }
        return root.getClass().getSimpleName();
    }
}
