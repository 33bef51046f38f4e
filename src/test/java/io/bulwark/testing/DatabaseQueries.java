package io.bulwark.testing;

import io.bulwark.testing.infra.TestEnvironment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Looks at what the server stored, straight in PostgreSQL, from the test JVM. */
public final class DatabaseQueries {

    private DatabaseQueries() {
    }

    /** The single value of a query, as a string; null when there is no row. */
    public static String value(String sql, Object... parameters) {
        try (Connection connection = TestEnvironment.get().database().superuserConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... parameters) {
        return Long.parseLong(value(sql, parameters));
    }
}
