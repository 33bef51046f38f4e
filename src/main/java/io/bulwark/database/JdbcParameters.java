package io.bulwark.database;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;

/** Binds values PgJDBC needs told the type of when they are null. */
public final class JdbcParameters {

    private JdbcParameters() {
    }

    /** A timestamptz parameter, typed even when null so that PostgreSQL need not guess. */
    public static void setTimestamp(PreparedStatement statement, int index, OffsetDateTime value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, value);
        }
    }
}
