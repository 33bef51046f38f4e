package io.bulwark.testing;

import io.bulwark.testing.infra.TestEnvironment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

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

    /** Every row of a query, its columns as strings; a {@code String[]} parameter binds as a text array. */
    public static List<List<String>> rows(String sql, Object... parameters) {
        try (Connection connection = TestEnvironment.get().database().superuserConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i] instanceof String[] values ? connection.createArrayOf("text", values) : parameters[i]);
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>(columns);
                    for (int column = 1; column <= columns; column++) {
                        row.add(result.getString(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
